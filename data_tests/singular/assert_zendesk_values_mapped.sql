-- A connector's ticket channels and priorities that no row of
-- seeds/connectors/connector_value_maps.csv names: the tickets are kept (an
-- unmapped channel is `other`, an unmapped or empty priority takes
-- connector_default_priority; docs/connectors.md), and this warning lists
-- the raw values so the map can be extended. Only with a connector source.
{{ config(
    severity='warn',
    enabled=var('helpdesk_source', 'helpdesk') == 'zendesk',
) }}

with tickets as (
    select * from {{ ref('base_zendesk__ticket') }}
),

value_maps as (
    select * from {{ ref('connector__value_maps') }}
),

raw_values as (
    select
        'channel' as field,
        via_channel as source_value
    from tickets
    union all
    select
        'priority' as field,
        priority as source_value
    from tickets
),

final as (
    select
        raw_values.field,
        raw_values.source_value,
        count(*) as ticket_count
    from raw_values
    left join value_maps
        on raw_values.field = value_maps.field
            and raw_values.source_value = value_maps.source_value
    where value_maps.canonical_value is null
    group by raw_values.field, raw_values.source_value
)

select * from final
