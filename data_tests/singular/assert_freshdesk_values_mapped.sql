-- Freshdesk's ticket source, priority and status codes that no row of
-- seeds/connectors/connector_value_maps.csv names: the tickets are kept (an
-- unmapped source is channel `other`, an unmapped or empty priority takes
-- connector_default_priority, an unmapped status rejects that status change
-- only; docs/connectors/freshdesk.md), and this warning lists the raw codes
-- so the map can be extended (custom statuses have codes from 6 on).
{{ config(
    severity='warn',
    enabled=var('helpdesk_source', 'helpdesk') == 'freshdesk',
) }}

with tickets as (
    select * from {{ ref('freshdesk__current_tickets') }}
),

value_maps as (
    select * from {{ ref('connector__value_maps') }}
),

raw_values as (
    select
        'channel' as field,
        source_code as source_value
    from tickets
    union all
    select
        'priority' as field,
        priority_code as source_value
    from tickets
    union all
    select
        'status' as field,
        status_code as source_value
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
