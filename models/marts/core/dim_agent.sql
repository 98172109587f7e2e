{#- One row per agent or bot in the agents table, plus one row for every agent
    id seen on tickets but missing there (is_known_agent false). -#}
with agents as (
    select * from {{ ref('stg_helpdesk__agents') }}
),

cost_defaults as (
    select * from {{ ref('cost_per_hour_defaults') }}
),

as_of as (
    select as_of_at from {{ ref('int_as_of') }}
),

seen_ids as (
    select to_value as agent_id
    from {{ ref('stg_helpdesk__ticket_events') }}
    where event_type = 'assignment'
    union
    select agent_id
    from {{ ref('stg_helpdesk__work_sessions') }}
    union
    select author_id
    from {{ ref('stg_helpdesk__messages') }}
    where author_type in ('agent', 'bot') and author_id is not null
),

unknown_agents as (
    select seen_ids.agent_id
    from seen_ids
    left join agents
        on seen_ids.agent_id = agents.agent_id
    where agents.agent_id is null
),

all_agents as (
    select
        agent_id,
        agent_name,
        team,
        tier,
        is_bot,
        hired_at,
        terminated_at,
        hourly_cost,
        true as is_known_agent
    from agents
    union all
    select
        agent_id,
        null as agent_name,
        null as team,
        null as tier,
        false as is_bot,
        null as hired_at,
        null as terminated_at,
        null as hourly_cost,
        false as is_known_agent
    from unknown_agents
),

with_tenure as (
    select
        all_agents.*,
        as_of.as_of_at,
        cast(
            {{ dbt.datediff('all_agents.hired_at', 'as_of.as_of_at', 'day') }} -- noqa: LT05
            as {{ dbt.type_bigint() }}
        ) as tenure_days
    from all_agents
    cross join as_of
),

final as (
    select
        with_tenure.agent_id,
        with_tenure.agent_name,
        with_tenure.team,
        with_tenure.tier,
        with_tenure.is_bot,
        with_tenure.is_known_agent,
        with_tenure.hired_at,
        with_tenure.terminated_at,
        with_tenure.terminated_at is null
        or with_tenure.terminated_at > with_tenure.as_of_at as is_active,
        with_tenure.tenure_days,
        {{ tenure_band('with_tenure.tenure_days') }} as tenure_band,
        with_tenure.hourly_cost,
        coalesce(with_tenure.hourly_cost, cost_defaults.hourly_cost) as effective_hourly_cost
    from with_tenure
    left join cost_defaults
        on case when with_tenure.is_bot then 'BOT' else with_tenure.tier end = cost_defaults.tier
)

select * from final
