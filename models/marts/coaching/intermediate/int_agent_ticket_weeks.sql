{#- One row per agent, week (Monday, UTC) and ticket the agent worked that
    week: the agent's own handle time on the ticket (its work sessions, by
    started_at, plus talk and after-call work of the calls it answered, by
    answered_at), its public replies and the escalations it made (ticket
    events of type escalation with the agent as actor), with the ticket's
    category and complexity tier. The per-agent basis of the coaching
    scorecard: a ticket two agents worked counts for both, with each one's
    own time. -#}
with work_sessions as (
    select * from {{ ref('stg_helpdesk__work_sessions') }}
),

calls as (
    select * from {{ ref('fact_call') }}
    where is_answered and agent_id is not null and ticket_id is not null
),

replies as (
    select * from {{ ref('fact_interaction') }}
    where is_reply and author_id is not null
),

escalations as (
    select * from {{ ref('stg_helpdesk__ticket_events') }}
    where event_type = 'escalation' and actor_id is not null
),

tickets as (
    select * from {{ ref('fact_ticket') }}
),

activity as (
    select
        agent_id,
        ticket_id,
        {{ period_start('week', 'started_at') }} as period_start,
        {{ seconds_between('started_at', 'ended_at') }} as handle_seconds,
        0 as reply_count,
        0 as escalation_count
    from work_sessions
    union all
    select
        agent_id,
        ticket_id,
        {{ period_start('week', 'answered_at') }} as period_start,
        handle_seconds,
        0 as reply_count,
        0 as escalation_count
    from calls
    union all
    select
        author_id as agent_id,
        ticket_id,
        {{ period_start('week', 'interaction_at') }} as period_start,
        null as handle_seconds,
        1 as reply_count,
        0 as escalation_count
    from replies
    union all
    select
        actor_id as agent_id,
        ticket_id,
        {{ period_start('week', 'event_at') }} as period_start,
        null as handle_seconds,
        0 as reply_count,
        1 as escalation_count
    from escalations
),

per_ticket as (
    select
        agent_id,
        period_start,
        ticket_id,
        sum(handle_seconds) as handle_seconds,
        sum(reply_count) as reply_count,
        sum(escalation_count) as escalation_count
    from activity
    group by agent_id, period_start, ticket_id
),

final as (
    select
        per_ticket.agent_id,
        per_ticket.period_start,
        per_ticket.ticket_id,
        tickets.category,
        coalesce(tickets.complexity_tier, 'unclassified') as complexity_tier,
        per_ticket.handle_seconds,
        per_ticket.handle_seconds is not null as has_handle_time,
        per_ticket.reply_count,
        per_ticket.escalation_count,
        per_ticket.escalation_count > 0 as is_escalated_by_agent
    from per_ticket
    inner join tickets
        on per_ticket.ticket_id = tickets.ticket_id
)

select * from final
