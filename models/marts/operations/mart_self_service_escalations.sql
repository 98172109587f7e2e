{#- One row per accepted self-service session whose outcome is escalated,
    with the ticket it escalated into (fact_ticket): channel, status,
    resolution, FCR, escalation to a higher tier, handle time, CSAT, and the
    minutes from the session's end to the ticket's creation. A session whose
    ticket is not in fact_ticket (no ticket_id on the session) is kept with
    is_ticket_found false and the reason; the ticket columns are then null.
    (A session naming an unknown or rejected ticket is itself rejected by
    staging and listed in dq_rejected_rows, as SPEC section 3 asks.)
    Without a self_service_sessions table the mart is empty.
    period_start is the month the session started in; is_period_complete:
    that month has ended at as_of. -#}
with sessions as (
    select * from {{ ref('stg_helpdesk__self_service_sessions') }}
    where outcome = 'escalated'
),

tickets as (
    select * from {{ ref('fact_ticket') }}
),

as_of as (
    select as_of_at from {{ ref('int_as_of') }}
),

final as (
    select
        sessions.session_id,
        sessions.customer_id,
        {{ period_start('month', 'sessions.started_at') }} as period_start,
        {{ is_period_complete('month', period_start('month', 'sessions.started_at'),
            'as_of.as_of_at') }} as is_period_complete,
        sessions.entry_point,
        sessions.category as session_category,
        sessions.started_at as session_started_at,
        sessions.ended_at as session_ended_at,
        {{ seconds_between('sessions.started_at', 'sessions.ended_at') }} / 60.0
            as session_minutes,
        sessions.ticket_id,
        tickets.ticket_id is not null as is_ticket_found,
        case
            when sessions.ticket_id is null then 'no ticket_id on the session'
            when tickets.ticket_id is null then 'ticket not in fact_ticket'
        end as ticket_missing_reason,
        tickets.customer_id as ticket_customer_id,
        case
            when tickets.ticket_id is not null
                then coalesce(tickets.customer_id = sessions.customer_id, false)
        end as is_same_customer,
        tickets.category as ticket_category,
        case
            when tickets.ticket_id is not null
                then coalesce(tickets.category = sessions.category, false)
        end as is_same_category,
        tickets.channel,
        tickets.priority,
        tickets.created_at as ticket_created_at,
        {{ seconds_between('sessions.ended_at', 'tickets.created_at') }} / 60.0
            as minutes_to_ticket,
        tickets.current_status,
        tickets.first_response_minutes,
        tickets.resolved_at,
        case when tickets.ticket_id is not null then tickets.resolved_at is not null end
            as is_resolved,
        tickets.resolution_minutes,
        tickets.fcr_status,
        tickets.is_first_contact_resolved,
        tickets.is_escalated as is_ticket_escalated,
        tickets.is_automated_resolution,
        tickets.handle_seconds,
        tickets.csat_score
    from sessions
    left join tickets
        on sessions.ticket_id = tickets.ticket_id
    cross join as_of
)

select * from final
