{#- One row per ticket whose first assignee is a human agent: "the agent's
    tickets" of the coaching signals (mart_agent_coaching_signals_monthly),
    one cohort for all four signals.
    - agent: fact_ticket.first_assignee_agent_id (the to_value of the
      ticket's first assignment event, by event_at then event_id), kept when
      dim_agent says it is not a bot; month: the month (UTC) of
      first_assigned_at.
    - is_self_assigned: that first assignment event's actor_id is the
      assignee itself (the agent took the ticket; routed by the system, a
      bot or another agent otherwise).
    - is_escalated_by_assignee: an escalation event on the ticket with the
      agent as actor (at any time); is_recategorised_by_assignee: a
      category_change event with the agent as actor (at any time).
    - assignee_handle_seconds: the agent's own handle time on the ticket
      (int_agent_ticket_weeks summed over weeks: its work sessions plus talk
      and after-call work of the calls it answered); null without either.
    - category and complexity_tier: the ticket's current ones (after any
      category_change); 'unclassified' for a category missing from the seed.
    - csat_score: the ticket's latest CSAT answer; category_csat_baseline:
      share 4-5 of the latest CSAT answers of all the category's tickets in
      the warehouse (the baseline of metric_csat_normalized). -#}
with all_tickets as (
    select * from {{ ref('fact_ticket') }}
),

tickets as (
    select * from all_tickets
    where first_assignee_agent_id is not null
),

agents as (
    select * from {{ ref('dim_agent') }}
),

events as (
    select * from {{ ref('stg_helpdesk__ticket_events') }}
    where event_type in ('assignment', 'escalation', 'category_change')
),

agent_ticket_weeks as (
    select * from {{ ref('int_agent_ticket_weeks') }}
),

first_assignments as (
    select
        ticket_id,
        actor_id,
        to_value,
        row_number() over (
            partition by ticket_id order by event_at, event_id
        ) as assignment_sequence
    from events
    where event_type = 'assignment'
),

assignee_actions as (
    select
        events.ticket_id,
        count(case when events.event_type = 'escalation' then 1 end) as escalations,
        count(case when events.event_type = 'category_change' then 1 end) as category_changes
    from events
    inner join tickets
        on events.ticket_id = tickets.ticket_id
            and events.actor_id = tickets.first_assignee_agent_id
    where events.event_type in ('escalation', 'category_change')
    group by events.ticket_id
),

assignee_handle as (
    select
        agent_id,
        ticket_id,
        sum(handle_seconds) as handle_seconds
    from agent_ticket_weeks
    group by agent_id, ticket_id
),

category_csat as (
    select
        category,
        {{ safe_ratio('count(case when csat_score >= 4 then 1 end)', 'count(csat_score)') }}
            as category_csat
    from all_tickets
    where csat_score is not null
    group by category
),

final as (
    select
        tickets.ticket_id,
        tickets.first_assignee_agent_id as agent_id,
        {{ period_start('month', 'tickets.first_assigned_at') }} as period_start,
        agents.team,
        tickets.first_assigned_at,
        tickets.category,
        coalesce(tickets.complexity_tier, 'unclassified') as complexity_tier,
        coalesce(first_assignments.actor_id = first_assignments.to_value, false)
            as is_self_assigned,
        coalesce(assignee_actions.escalations, 0) > 0 as is_escalated_by_assignee,
        coalesce(assignee_actions.category_changes, 0) > 0 as is_recategorised_by_assignee,
        assignee_handle.handle_seconds as assignee_handle_seconds,
        tickets.csat_score,
        category_csat.category_csat as category_csat_baseline
    from tickets
    inner join agents
        on tickets.first_assignee_agent_id = agents.agent_id
    left join first_assignments
        on tickets.ticket_id = first_assignments.ticket_id
            and first_assignments.assignment_sequence = 1
    left join assignee_actions
        on tickets.ticket_id = assignee_actions.ticket_id
    left join assignee_handle
        on tickets.ticket_id = assignee_handle.ticket_id
            and tickets.first_assignee_agent_id = assignee_handle.agent_id
    left join category_csat
        on tickets.category = category_csat.category
    where not coalesce(agents.is_bot, false)
)

select * from final
