-- mart_self_service_escalations holds exactly the accepted escalated
-- sessions, and its ticket columns are those of fact_ticket: a session is
-- missing or extra, or a found ticket's channel, FCR status or creation
-- differs, or minutes_to_ticket is not ended_at -> created_at.
with sessions as (
    select
        session_id,
        ended_at,
        ticket_id
    from {{ ref('stg_helpdesk__self_service_sessions') }}
    where outcome = 'escalated'
),

tickets as (
    select
        ticket_id,
        channel,
        fcr_status,
        created_at
    from {{ ref('fact_ticket') }}
),

escalations as (
    select * from {{ ref('mart_self_service_escalations') }}
)

select
    coalesce(escalations.session_id, sessions.session_id) as session_id,
    escalations.ticket_id,
    sessions.ticket_id as session_ticket_id
from escalations
full outer join sessions
    on escalations.session_id = sessions.session_id
left join tickets
    on sessions.ticket_id = tickets.ticket_id
where escalations.session_id is null
    or sessions.session_id is null
    or escalations.is_ticket_found <> (tickets.ticket_id is not null)
    or escalations.channel is distinct from tickets.channel
    or escalations.fcr_status is distinct from tickets.fcr_status
    or escalations.ticket_created_at is distinct from tickets.created_at
    or (escalations.minutes_to_ticket is null)
    <> ({{ seconds_between('sessions.ended_at', 'tickets.created_at') }} is null)
    or abs(
        escalations.minutes_to_ticket
        - {{ seconds_between('sessions.ended_at', 'tickets.created_at') }} / 60.0
    ) > 1e-9
