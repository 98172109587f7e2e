{{ config(enabled=is_helpdesk_source('zendesk')) }}
{#- The tickets table of SPEC section 1 from Zendesk (docs/connectors.md),
    one row per Zendesk ticket not deleted or merged away
    (zendesk__excluded_tickets); read and judged by
    base_helpdesk__tickets like a raw file.
    - customer: the requester; channel: via_channel through the value map
      (seeds/connectors/connector_value_maps.csv); none or unmapped: other;
    - category: the first value of the category field (var
      zendesk_category_field) in the history, else the tag with the prefix
      of var zendesk_category_tag_prefix, else the ticket type;
    - priority: the first in the history (the one it was created with),
      else the current one, through the value map; none or an unmapped one
      takes var connector_default_priority;
    - created_by_type: agent or bot when an agent or bot submitted it for
      someone else (an outbound ticket), else customer;
    - schedule: the first schedule Zendesk put it on. -#}
{%- set category_field = var('zendesk_category_field') -%}
{#- a prefix that is not text is named by the run-start var check -#}
{%- set tag_prefix = var('zendesk_category_tag_prefix') -%}
{%- set tag_prefix = tag_prefix if tag_prefix is string else none -%}
{#- several accounts: a ticket without a schedule takes its own account's
    default (account_default_schedules) -#}
{%- set ticket_schedule = 'first_schedules.schedule_id' -%}
{%- if connector_has_several_accounts() -%}
    {%- set ticket_schedule = 'coalesce(' ~ ticket_schedule
        ~ ', account_default_schedules.schedule_id)' -%}
{%- endif -%}
with tickets as (
    select * from {{ ref('base_zendesk__ticket') }}
),

field_history as (
    select * from {{ ref('base_zendesk__ticket_field_history') }}
),

users as (
    select * from {{ ref('zendesk__users') }}
),

ticket_tags as (
    select * from {{ ref('base_zendesk__ticket_tag') }}
),

ticket_schedules as (
    select * from {{ ref('base_zendesk__ticket_schedule') }}
),

excluded_tickets as (
    select * from {{ ref('zendesk__excluded_tickets') }}
),

value_maps as (
    -- matched case-insensitively (the data's values are lower-cased)
    select * from {{ ref('connector__value_maps') }}
),

first_values as (
    -- the first value of the priority and category fields (the ones the
    -- ticket was created with; later ones are priority/category changes)
    select
        ticket_id,
        field_name,
        field_value,
        row_number() over (
            partition by ticket_id, field_name
            order by {{ parse_timestamp_utc('updated_at') }}, field_value
        ) as value_number
    from field_history
    where field_name = 'priority'
    {%- if category_field %}
        or field_name = {{ sql_text_literal(category_field) }}
        {%- endif %}
),

initial_fields as (
    select
        ticket_id,
        max(case when field_name = 'priority' then lower(trim(field_value)) end) as priority,
        {%- if category_field %}
        max(case when field_name = {{ sql_text_literal(category_field) }}
            then field_value end) as category
        {%- else %}
            cast(null as {{ dbt.type_string() }}) as category
        {%- endif %}
    from first_values
    where value_number = 1
    group by ticket_id
),

category_tags as (
    select
        ticket_id,
        {%- if tag_prefix %}
            min({{ dbt.right('tag', dbt.length('tag') ~ ' - ' ~ (tag_prefix | length)) }})
                as category
        {%- else %}
        cast(null as {{ dbt.type_string() }}) as category
        {%- endif %}
    from ticket_tags
    {%- if tag_prefix %}
        where {{ dbt.position(sql_text_literal(tag_prefix | lower), 'tag') }} = 1
            and {{ dbt.length('tag') }} > {{ tag_prefix | length }}
    {%- else %}
    where 1 = 0
    {%- endif %}
    group by ticket_id
),

first_schedules as (
    select
        ticket_id,
        schedule_id,
        row_number() over (
            partition by ticket_id
            order by {{ parse_timestamp_utc('created_at') }}, schedule_id
        ) as schedule_number
    from ticket_schedules
),

{%- if connector_has_several_accounts() %}

account_default_schedules as (
    -- several accounts: a ticket without a schedule takes its own account's
    -- default (Zendesk's first schedule), not the first account's
    select
        source_relation,
        schedule_id
    from (
        select
            source_relation,
            schedule_id,
            row_number() over (
                partition by source_relation
                order by {{ parse_timestamp_utc('created_at') }}, schedule_id
            ) as schedule_number
        from {{ ref('base_zendesk__schedule') }}
        where not is_deleted
    ) as ranked
    where schedule_number = 1
),
{%- endif %}

final as (
    select
        tickets.ticket_id,
        tickets.source_relation,
        tickets.requester_id as customer_id,
        tickets.created_at,
        -- none, or one the value map does not name: other
        coalesce(channel_map.canonical_value, 'other') as channel,
        coalesce(initial_fields.category, category_tags.category, tickets.ticket_type) as category,
        -- none, or one the value map does not name: the default priority
        coalesce(
            priority_map.canonical_value, {{ sql_text_literal(var('connector_default_priority')) }}
        ) as priority,
        case
            when tickets.submitter_id is null or tickets.submitter_id = tickets.requester_id
                then 'customer'
            when tickets.submitter_id in ({{ connector_bot_ids_sql() }}) then 'bot'
            when submitter_roles.canonical_value = 'agent' then 'agent'
            else 'customer'
        end as created_by_type,
        {{ ticket_schedule }} as schedule_id,
        -- the raw layer's bookkeeping (a mapped row has no file line)
        {{ connector_raw_bookkeeping('tickets.ticket_id', 'tickets.created_at') }}
    from tickets
    left join initial_fields
        on tickets.ticket_id = initial_fields.ticket_id
    left join category_tags
        on tickets.ticket_id = category_tags.ticket_id
    left join first_schedules
        on tickets.ticket_id = first_schedules.ticket_id
            and first_schedules.schedule_number = 1
    left join value_maps as channel_map
        on channel_map.field = 'channel'
            and tickets.via_channel = channel_map.source_value
    left join value_maps as priority_map
        on priority_map.field = 'priority'
            and coalesce(initial_fields.priority, tickets.priority) = priority_map.source_value
    left join users as submitters
        on tickets.submitter_id = submitters.user_id
    left join value_maps as submitter_roles
        on submitter_roles.field = 'role'
            and submitters.user_role = submitter_roles.source_value
    left join excluded_tickets
        on tickets.ticket_id = excluded_tickets.ticket_id
    {%- if connector_has_several_accounts() %}
    left join account_default_schedules
        on tickets.source_relation = account_default_schedules.source_relation
    {%- endif %}
    where excluded_tickets.ticket_id is null
)

select * from final
