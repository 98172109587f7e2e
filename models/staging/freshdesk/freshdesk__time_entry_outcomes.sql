{{ config(enabled=is_helpdesk_source('freshdesk')) }}
{#- One row per row of Freshdesk's time_entries, with its duration and
    what it becomes (docs/connectors/freshdesk.md): a work session from
    start_time (else executed_at) lasting time_spent ("hh:mm", whole
    minutes), or why it is none (not_mapped_reason): deleted, its ticket
    not a ticket here, a timer still running (its time is not final), or
    no time spent (00:00: nothing worked). A negative or unreadable
    time_spent stays a session, and the helpdesk base model rejects it
    (ended before started, or no end). -#}
with entries as (
    select * from {{ ref('base_freshdesk__time_entries') }}
),

excluded_tickets as (
    select * from {{ ref('freshdesk__excluded_tickets') }}
),

durations as (
    select
        entries.*,
        excluded_tickets.exclusion_reason,
        coalesce(entries.start_time, entries.executed_at) as started_at,
        {%- set unsigned = "replace(entries.time_spent, '-', '')" %}
        case when {{ dbt.position("'-'", 'entries.time_spent') }} = 1 then -1 else 1 end
        * (
            60 * {{ parse_number(dbt.split_part(unsigned, "':'", 1)) }}
            + {{ parse_number(dbt.split_part(unsigned, "':'", 2)) }}
        ) as minutes_spent
    from entries
    left join excluded_tickets
        on entries.ticket_id = excluded_tickets.ticket_id
),

final as (
    select
        time_entry_id,
        ticket_id,
        agent_id,
        started_at,
        minutes_spent,
        case
            when is_deleted then 'deleted in Freshdesk'
            when exclusion_reason is not null then 'ticket ' || exclusion_reason
            when is_timer_running then 'a timer still running (its time is not final)'
            when minutes_spent = 0 then 'no time spent (00:00)'
        end as not_mapped_reason
    from durations
)

select * from final
