-- Intercom values that no row of seeds/connectors/connector_value_maps.csv
-- names: the conversation's channel (source_type, or
-- source_type:source_delivered_as) and priority (an unmapped channel is
-- `other`, an unmapped or empty priority takes connector_default_priority;
-- the tickets are kept, docs/connectors/intercom.md), and the author types
-- of messages (such a message is rejected, naming the map). A warning that
-- lists the raw values so the map can be extended. Only with the intercom
-- source.
{{ config(
    severity='warn',
    enabled=var('helpdesk_source', 'helpdesk') == 'intercom',
) }}

with versions as (
    select * from {{ ref('intercom__conversation_versions') }}
),

parts as (
    select * from {{ ref('intercom__conversation_parts') }}
),

value_maps as (
    select * from {{ ref('connector__value_maps') }}
),

raw_values as (
    select
        'channel' as field,
        source_type as source_value,
        source_type || ':' || source_delivered_as as detailed_value
    from versions
    where is_latest
    union all
    select
        'priority' as field,
        priority as source_value,
        priority as detailed_value
    from versions
    where version_number = 1
    union all
    select
        'role' as field,
        author_type as source_value,
        author_type as detailed_value
    from parts
    where outcome = 'messages'
),

final as (
    select
        raw_values.field,
        raw_values.source_value,
        count(*) as row_count
    from raw_values
    left join value_maps
        on raw_values.field = value_maps.field
            and raw_values.source_value = value_maps.source_value
    left join value_maps as detailed_maps
        on raw_values.field = detailed_maps.field
            and raw_values.detailed_value = detailed_maps.source_value
    where value_maps.source_value is null
        and detailed_maps.source_value is null
    group by raw_values.field, raw_values.source_value
)

select * from final
