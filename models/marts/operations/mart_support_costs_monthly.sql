{#- One row per month: support costs (support_costs table) against tickets
    created and resolved that month, and the labour cost of work sessions at
    each agent's hourly cost (cost_per_hour_defaults when the agent has none).
    Costs are null for a month without cost rows (or without the table).
    is_period_complete: the month has ended at as_of. -#}
with costs as (
    select * from {{ ref('stg_helpdesk__support_costs') }}
),

work_sessions as (
    select * from {{ ref('stg_helpdesk__work_sessions') }}
),

agents as (
    select * from {{ ref('dim_agent') }}
),

kpis as (
    -- another area's mart, on purpose: cost per resolution divides by the
    -- ticket KPIs' own monthly counts, not a second computation of them
    select * from {{ ref('mart_ticket_kpis_monthly') }}
    where slice_name = 'overall'
),

as_of as (
    select as_of_at from {{ ref('int_as_of') }}
),

monthly_costs as (
    select
        month as period_start,
        sum(amount) as support_cost_total,
        sum(case when cost_type = 'salaries' then amount else 0 end) as salaries_cost,
        sum(case when cost_type = 'tools' then amount else 0 end) as tools_cost,
        sum(case when cost_type = 'infrastructure' then amount else 0 end)
            as infrastructure_cost,
        sum(case when cost_type = 'overhead' then amount else 0 end) as overhead_cost
    from costs
    group by month
),

labour as (
    select
        {{ period_start('month', 'work_sessions.started_at') }} as period_start,
        sum(
            {{ seconds_between('work_sessions.started_at', 'work_sessions.ended_at') }} / 3600.0
            * agents.effective_hourly_cost
        ) as handle_labour_cost
    from work_sessions
    left join agents
        on work_sessions.agent_id = agents.agent_id
    group by {{ period_start('month', 'work_sessions.started_at') }}
),

final as (
    select
        kpis.period_start,
        {{ is_period_complete('month', 'kpis.period_start', 'as_of.as_of_at') }}
            as is_period_complete,
        kpis.tickets_created,
        kpis.tickets_resolved,
        monthly_costs.support_cost_total,
        monthly_costs.salaries_cost,
        monthly_costs.tools_cost,
        monthly_costs.infrastructure_cost,
        monthly_costs.overhead_cost,
        labour.handle_labour_cost,
        {{ safe_ratio('monthly_costs.support_cost_total', 'kpis.tickets_resolved') }}
            as cost_per_resolution,
        {{ safe_ratio('monthly_costs.support_cost_total', 'kpis.tickets_created') }}
            as cost_per_ticket,
        {{ safe_ratio('labour.handle_labour_cost', 'kpis.tickets_resolved') }}
            as handle_labour_cost_per_resolution
    from kpis
    left join monthly_costs
        on kpis.period_start = monthly_costs.period_start
    left join labour
        on kpis.period_start = labour.period_start
    cross join as_of
)

select * from final
