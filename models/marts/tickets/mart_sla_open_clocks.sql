{#- One row per SLA clock still running at as_of: the queue a team lead
    works from, nearest breach first (metric_sla_clock). Overdue clocks
    (breach_at passed, is_breached) come first, then the others by
    breach_at; breach_rank numbers them overall and team_breach_rank within
    the assignee's team. With the ticket's status, assignee and age at as_of
    (fact_backlog_daily's row for the day holding as_of). A requester-wait
    clock paused below its target has no breach instant and comes last. -#}
with clocks as (
    select * from {{ ref('fact_sla_event') }}
    where is_active
),

tickets as (
    select
        ticket_id,
        channel,
        category,
        customer_id
    from {{ ref('fact_ticket') }}
),

at_as_of as (
    select
        ticket_id,
        status,
        assignee_agent_id,
        age_days
    from {{ ref('fact_backlog_daily') }}
    where not is_day_complete
),

agents as (
    select
        agent_id,
        agent_name,
        team
    from {{ ref('dim_agent') }}
),

as_of as (
    select as_of_at from {{ ref('int_as_of') }}
),

queued as (
    select
        clocks.ticket_id,
        clocks.sla_metric,
        clocks.clock_sequence,
        clocks.policy_id,
        clocks.priority,
        tickets.channel,
        tickets.category,
        tickets.customer_id,
        at_as_of.status,
        at_as_of.assignee_agent_id,
        agents.agent_name as assignee_name,
        coalesce(agents.team, case when at_as_of.assignee_agent_id is null then 'unassigned' end)
            as team,
        at_as_of.age_days,
        clocks.target_minutes,
        clocks.is_business_hours,
        clocks.started_at,
        clocks.breach_at,
        clocks.elapsed_minutes,
        clocks.minutes_remaining,
        coalesce(clocks.is_breached, false) as is_overdue,
        {{ seconds_between('as_of.as_of_at', 'clocks.breach_at') }} / 60.0
            as calendar_minutes_to_breach,
        as_of.as_of_at
    from clocks
    cross join as_of
    inner join tickets
        on clocks.ticket_id = tickets.ticket_id
    left join at_as_of
        on clocks.ticket_id = at_as_of.ticket_id
    left join agents
        on at_as_of.assignee_agent_id = agents.agent_id
),

final as (
    select
        queued.*,
        row_number() over (
            order by
                case when queued.breach_at is null then 1 else 0 end,
                queued.breach_at,
                queued.ticket_id,
                queued.sla_metric,
                queued.clock_sequence
        ) as breach_rank,
        row_number() over (
            partition by queued.team
            order by
                case when queued.breach_at is null then 1 else 0 end,
                queued.breach_at,
                queued.ticket_id,
                queued.sla_metric,
                queued.clock_sequence
        ) as team_breach_rank
    from queued
)

select * from final
