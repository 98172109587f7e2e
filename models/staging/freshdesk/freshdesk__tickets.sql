{{ config(enabled=is_helpdesk_source('freshdesk')) }}
{#- The tickets table of SPEC section 1 from Freshdesk
    (docs/connectors/freshdesk.md), one row per ticket not deleted or spam
    (freshdesk__current_tickets); read and judged by base_helpdesk__tickets
    like a raw file.
    - customer: the requester; channel: the numeric source through the
      value map (1 email, 2 portal web, 3 phone, 7 chat, 9 feedback widget
      web, 10 outbound email ...); none or unmapped: other;
    - category: the ticket's type (its current value: Freshdesk keeps no
      history of it), else uncategorized;
    - priority: the current numeric priority through the value map (1 low,
      2 normal, 3 high, 4 urgent); none or unmapped: var
      connector_default_priority;
    - created_by_type: agent for an outbound email (source 10), else
      customer;
    - schedule: the business hours of the ticket's group (Freshdesk's own
      rule), else none (the default). -#}
with tickets as (
    select * from {{ ref('freshdesk__current_tickets') }}
),

groups as (
    select * from {{ ref('base_freshdesk__group') }}
    where not is_deleted
),

{%- if connector_has_several_accounts() %}

account_default_schedules as (
    -- several accounts: a ticket without business hours takes its own
    -- account's default calendar, not the first account's
    select
        source_relation,
        min(business_hour_id) as schedule_id
    from {{ ref('base_freshdesk__business_hour') }}
    where is_default and not is_deleted
    group by source_relation
),
{%- endif %}

value_maps as (
    -- matched case-insensitively (the data's values are lower-cased)
    select * from {{ ref('connector__value_maps') }}
),

final as (
    select
        tickets.ticket_id,
        tickets.source_relation,
        tickets.requester_id as customer_id,
        tickets.created_at,
        -- none, or one the value map does not name: other
        coalesce(channel_map.canonical_value, 'other') as channel,
        coalesce(tickets.ticket_type, 'uncategorized') as category,
        -- none, or one the value map does not name: the default priority
        coalesce(
            priority_map.canonical_value, {{ sql_text_literal(var('connector_default_priority')) }}
        ) as priority,
        case when tickets.is_outbound then 'agent' else 'customer' end as created_by_type,
        {{ 'coalesce(groups.business_hour_id, account_default_schedules.schedule_id)'
            if connector_has_several_accounts() else 'groups.business_hour_id' }} as schedule_id,
        -- the raw layer's bookkeeping (a mapped row has no file line)
        row_number() over (order by tickets.ticket_id) as _row_number,
        cast(null as {{ dbt.type_string() }}) as _read_error,
        cast(null as {{ dbt.type_string() }}) as _raw_line,
        {{ parse_timestamp_utc('tickets.created_at') }} as _loaded_at
    from tickets
    left join groups
        on tickets.group_id = groups.group_id
    left join value_maps as channel_map
        on channel_map.field = 'channel'
            and tickets.source_code = channel_map.source_value
    left join value_maps as priority_map
        on priority_map.field = 'priority'
            and tickets.priority_code = priority_map.source_value
    {%- if connector_has_several_accounts() %}
    left join account_default_schedules
        on tickets.source_relation = account_default_schedules.source_relation
    {%- endif %}
)

select * from final
