{{ config(enabled=is_helpdesk_source('freshdesk')) }}
{#- One row per Freshdesk table read and outcome: how many of its rows became
    rows of which SPEC table, and how many were not mapped, and why
    (docs/connectors/freshdesk.md). Every row read is counted once: rows
    read = the sum over a table's outcomes. A ticket row also gives its
    description message and its status changes (ticket_events), counted
    with the ticket. What a SPEC table then accepts or rejects is in
    dq_raw_row_counts and dq_rejected_rows. -#}
with tickets as (
    select * from {{ ref('base_freshdesk__ticket') }}
),

excluded_tickets as (
    select * from {{ ref('freshdesk__excluded_tickets') }}
),

conversations as (
    select * from {{ ref('base_freshdesk__conversation') }}
),

contacts as (
    select * from {{ ref('base_freshdesk__contact') }}
),

agents as (
    select * from {{ ref('base_freshdesk__agent') }}
),

groups as (
    select * from {{ ref('base_freshdesk__group') }}
),

agent_groups as (
    select * from {{ ref('freshdesk__agent_groups') }}
),

companies as (
    select * from {{ ref('base_freshdesk__company') }}
),

time_entries as (
    select * from {{ ref('freshdesk__time_entry_outcomes') }}
),

ratings as (
    select * from {{ ref('base_freshdesk__satisfaction_rating') }}
),

rating_values as (
    select * from {{ ref('freshdesk__rating_values') }}
),

calendars as (
    select * from {{ ref('base_freshdesk__business_hour') }}
),

working_hours as (
    select * from {{ ref('base_freshdesk__business_hour_working_hour') }}
),

holidays as (
    select * from {{ ref('base_freshdesk__business_hour_holiday') }}
),

rated_tickets as (
    -- one row per rating id (its first ticket id, should the id repeat)
    select
        rating_id,
        min(ticket_id) as ticket_id
    from ratings
    group by rating_id
),

live_calendars as (
    select distinct business_hour_id
    from calendars
    where not is_deleted
),

outcomes as (
    select
        'ticket' as source_table,
        case
            when tickets.is_active = false
                then 'not mapped: an earlier version of the ticket (history mode)'
            when excluded_tickets.ticket_id is not null
                then 'not mapped: ' || excluded_tickets.exclusion_reason
            else 'tickets'
        end as outcome
    from tickets
    left join excluded_tickets
        on tickets.ticket_id = excluded_tickets.ticket_id

    union all

    select
        'conversation' as source_table,
        case
            when conversations.is_deleted then 'not mapped: deleted in Freshdesk'
            when excluded_tickets.ticket_id is not null
                then 'not mapped: ticket ' || excluded_tickets.exclusion_reason
            else 'messages'
        end as outcome
    from conversations
    left join excluded_tickets
        on conversations.ticket_id = excluded_tickets.ticket_id

    union all

    select
        'contact' as source_table,
        case
            when is_active = false
                then 'not mapped: an earlier version of the contact (history mode)'
            when contact_id in ({{ connector_bot_ids_sql() }}) then 'not mapped: a bot user'
            else 'customers'
        end as outcome
    from contacts

    union all

    select
        'agent' as source_table,
        case
            when is_active = false
                then 'not mapped: an earlier version of the agent (history mode)'
            else 'agents'
        end as outcome
    from agents

    union all

    select
        'group' as source_table,
        case
            when is_deleted then 'not mapped: deleted in Freshdesk'
            else 'read: the team and tier of agents, the business hours of tickets'
        end as outcome
    from groups

    union all

    select
        'agent_group' as source_table,
        case
            when group_number = 1 and group_name is not null then 'agents'
            when group_name is null then 'not mapped: a group not in the group table (or deleted)'
            else 'not mapped: another group of the agent (the highest tier is kept)'
        end as outcome
    from agent_groups

    union all

    select
        'company' as source_table,
        'not mapped: company details not read (a contact''s company is its account)' as outcome
    from companies

    union all

    select
        'time_entries' as source_table,
        case
            when not_mapped_reason is null then 'work_sessions'
            else 'not mapped: ' || not_mapped_reason
        end as outcome
    from time_entries

    union all

    select
        'satisfaction_rating' as source_table,
        case
            when excluded_tickets.ticket_id is not null
                then 'not mapped: ticket ' || excluded_tickets.exclusion_reason
            else 'surveys'
        end as outcome
    from ratings
    left join excluded_tickets
        on ratings.ticket_id = excluded_tickets.ticket_id

    union all

    select
        'satisfaction_rating_value' as source_table,
        case
            when rating_excluded.ticket_id is not null
                then 'not mapped: ticket ' || rating_excluded.exclusion_reason
            when rating_values.value_number = 1 then 'surveys'
            else 'not mapped: another question of the survey (the default question is read)'
        end as outcome
    from rating_values
    left join rated_tickets as valued_ratings
        on rating_values.rating_id = valued_ratings.rating_id
    left join excluded_tickets as rating_excluded
        on valued_ratings.ticket_id = rating_excluded.ticket_id

    union all

    select
        'business_hour' as source_table,
        case when is_deleted then 'not mapped: deleted in Freshdesk' else 'schedules' end
            as outcome
    from calendars

    union all

    select
        'business_hour_working_hour' as source_table,
        case
            when live_calendars.business_hour_id is null
                then 'not mapped: calendar deleted or not in business_hour'
            else 'schedules'
        end as outcome
    from working_hours
    left join live_calendars
        on working_hours.business_hour_id = live_calendars.business_hour_id

    union all

    select
        'business_hour_holiday' as source_table,
        case
            when live_calendars.business_hour_id is null
                then 'not mapped: calendar deleted or not in business_hour'
            else 'holidays (one row per day and year)'
        end as outcome
    from holidays
    left join live_calendars
        on holidays.business_hour_id = live_calendars.business_hour_id
),

final as (
    select
        source_table,
        outcome,
        count(*) as row_count
    from outcomes
    group by source_table, outcome
)

select * from final
