{{ config(enabled=is_helpdesk_source('zendesk')) }}
{#- One row per Zendesk table read and outcome: how many of its rows became
    rows of which SPEC table, and how many were not mapped, and why
    (docs/connectors/zendesk.md). Every row read is counted once: rows read
    = the sum over a table's outcomes. What a SPEC table then accepts or
    rejects is in dq_raw_row_counts and dq_rejected_rows. -#}
{#- a prefix that is not text is named by the run-start var check -#}
{%- set tag_prefix = var('zendesk_category_tag_prefix') -%}
{%- set tag_prefix = tag_prefix if tag_prefix is string else none -%}
with tickets as (
    select * from {{ ref('base_zendesk__ticket') }}
),

field_changes as (
    select * from {{ ref('zendesk__ticket_field_changes') }}
),

comments as (
    select * from {{ ref('base_zendesk__ticket_comment') }}
),

users as (
    select * from {{ ref('zendesk__users') }}
),

base_users as (
    select * from {{ ref('base_zendesk__user') }}
),

groups as (
    select * from {{ ref('base_zendesk__group') }}
),

schedules as (
    select * from {{ ref('base_zendesk__schedule') }}
),

holidays as (
    select * from {{ ref('base_zendesk__schedule_holiday') }}
),

ticket_schedules as (
    select * from {{ ref('base_zendesk__ticket_schedule') }}
),

ticket_tags as (
    select * from {{ ref('base_zendesk__ticket_tag') }}
),

ratings as (
    select * from {{ ref('base_zendesk__satisfaction_rating') }}
),

value_maps as (
    -- matched case-insensitively (the data's values are lower-cased)
    select * from {{ ref('connector__value_maps') }}
),

numbered_schedules as (
    select
        row_number() over (
            partition by ticket_id
            order by {{ parse_timestamp_utc('created_at') }}, schedule_id
        ) as schedule_number
    from ticket_schedules
),

excluded_tickets as (
    select * from {{ ref('zendesk__excluded_tickets') }}
),

outcomes as (
    select
        'ticket' as source_table,
        case
            when excluded_tickets.ticket_id is not null
                then 'not mapped: ' || excluded_tickets.exclusion_reason
            else 'tickets'
        end as outcome
    from tickets
    left join excluded_tickets
        on tickets.ticket_id = excluded_tickets.ticket_id

    union all

    select
        'ticket_field_history' as source_table,
        case
            when event_type is not null then 'ticket_events'
            else 'not mapped: ' || not_mapped_reason
        end as outcome
    from field_changes

    union all

    select
        'ticket_comment' as source_table,
        case
            when comments.is_deleted then 'not mapped: deleted in Zendesk'
            when excluded_tickets.ticket_id is not null
                then 'not mapped: ticket ' || excluded_tickets.exclusion_reason
            else 'messages'
        end as outcome
    from comments
    left join excluded_tickets
        on comments.ticket_id = excluded_tickets.ticket_id

    union all

    select
        'user' as source_table,
        case
            when users.user_id in ({{ connector_bot_ids_sql() }}) then 'agents'
            when role_map.canonical_value = 'agent' then 'agents'
            when role_map.canonical_value = 'customer' then 'customers'
            else 'not mapped: role ' || coalesce(users.user_role, '<null>')
                || ' not in seeds/connectors/connector_value_maps.csv'
        end as outcome
    from users
    left join value_maps as role_map
        on role_map.field = 'role'
            and users.user_role = role_map.source_value

    union all

    select
        'user' as source_table,
        'not mapped: no id' as outcome
    from base_users
    where base_users.user_id is null

    union all

    select
        'group' as source_table,
        case
            when is_deleted then 'not mapped: deleted in Zendesk'
            else 'read: the tier of escalations'
        end as outcome
    from groups

    union all

    select
        'schedule' as source_table,
        case when is_deleted then 'not mapped: deleted in Zendesk' else 'schedules' end as outcome
    from schedules

    union all

    select
        'schedule_holiday' as source_table,
        case
            when is_deleted then 'not mapped: deleted in Zendesk'
            else 'holidays (one row per day)'
        end as outcome
    from holidays

    union all

    select
        'ticket_schedule' as source_table,
        case
            when schedule_number = 1 then 'tickets'
            else 'not mapped: a later schedule (a ticket keeps its first)'
        end as outcome
    from numbered_schedules

    union all

    select
        'ticket_tag' as source_table,
        case
            {%- if tag_prefix %}
                when {{ dbt.position(sql_text_literal(tag_prefix | lower), 'tag') }} = 1
                    then 'tickets'
            {%- endif %}
            else 'not mapped: not a category tag'
        end as outcome
    from ticket_tags

    union all

    select
        'satisfaction_rating' as source_table,
        case
            when ratings.score = 'unoffered' then 'not mapped: unoffered (never sent)'
            when excluded_tickets.ticket_id is not null
                then 'not mapped: ticket ' || excluded_tickets.exclusion_reason
            else 'surveys'
        end as outcome
    from ratings
    left join excluded_tickets
        on ratings.ticket_id = excluded_tickets.ticket_id
),

counted as (
    select
        source_table,
        outcome,
        count(*) as row_count
    from outcomes
    group by source_table, outcome

    union all

    -- history mode: the rows of a user beyond its current one
    select
        'user' as source_table,
        'not mapped: an earlier version of the user (history mode)' as outcome,
        sum(version_count - 1) as row_count
    from users
    having sum(version_count - 1) > 0
),

final as (
    select
        source_table,
        outcome,
        row_count
    from counted
)

select * from final
