-- The scorecard loses and doubles nothing: summed over agents and weeks,
-- tickets_resolved, fcr_first_contact, fcr_decided, tickets_reopened (the
-- last two over tickets whose window has elapsed) and csat_scored_tickets
-- equal the resolved tickets of fact_ticket that have a resolver, and
-- agent_handle_seconds equals all work-session seconds plus the talk and
-- after-call work of answered calls with an agent and a ticket.
-- Tolerance 1e-6 relative on seconds.
with tickets as (
    select
        count(*) as tickets_resolved,
        -- FCR and reopen count only tickets whose window has elapsed (SPEC)
        count(case when fcr_status = 'first_contact' and is_fcr_window_elapsed then 1 end)
            as fcr_first_contact,
        count(case
            when fcr_status in ('first_contact', 'not_first_contact') and is_fcr_window_elapsed
                then 1
        end) as fcr_decided,
        count(case
            when is_reopened_within_window
                and {{ dbt.dateadd('day', var('reopen_window_days'), 'resolved_at') }} <= as_of_at
                then 1
        end) as tickets_reopened,
        count(csat_score) as csat_scored_tickets
    from {{ ref('fact_ticket') }}
    where resolved_at is not null and resolved_by_agent_id is not null
),

handle as (
    select sum(seconds) as handle_seconds
    from (
        select {{ seconds_between('started_at', 'ended_at') }} as seconds
        from {{ ref('stg_helpdesk__work_sessions') }}
        union all
        select handle_seconds as seconds
        from {{ ref('fact_call') }}
        where is_answered and agent_id is not null and ticket_id is not null
    ) as handle_parts
),

scorecard as (
    select
        sum(tickets_resolved) as tickets_resolved,
        sum(agent_fcr_first_contact) as fcr_first_contact,
        sum(agent_fcr_decided) as fcr_decided,
        sum(tickets_reopened) as tickets_reopened,
        sum(csat_scored_tickets) as csat_scored_tickets,
        sum(agent_handle_seconds) as agent_handle_seconds
    from {{ ref('mart_agent_scorecard_weekly') }}
)

select
    tickets.*,
    handle.handle_seconds as expected_handle_seconds,
    scorecard.agent_handle_seconds as scorecard_agent_handle_seconds
from tickets
cross join handle
cross join scorecard
where tickets.tickets_resolved <> scorecard.tickets_resolved
    or tickets.fcr_first_contact <> scorecard.fcr_first_contact
    or tickets.fcr_decided <> scorecard.fcr_decided
    or tickets.tickets_reopened <> scorecard.tickets_reopened
    or tickets.csat_scored_tickets <> scorecard.csat_scored_tickets
    or abs(coalesce(handle.handle_seconds, 0) - coalesce(scorecard.agent_handle_seconds, 0))
    > 1e-6 * greatest(abs(coalesce(handle.handle_seconds, 0)), 1)
