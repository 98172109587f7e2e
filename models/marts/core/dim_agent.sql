{#- One row per agent or bot in the agents table, plus one row for every agent
    id seen on tickets but missing there (is_known_agent false). -#}
with agents as (
    select * from {{ ref('int_agents_validated') }}
    where dq_reason is null
),

cost_defaults as (
    select * from {{ ref('cost_per_hour_defaults') }}
),

as_of as (
    select as_of_at from {{ ref('int_as_of') }}
),

seen_ids as (
    select to_value as agent_id
    from {{ ref('int_ticket_events_validated') }}
    where dq_reason is null and event_type = 'assignment'
    union
    select agent_id
    from {{ ref('int_work_sessions_validated') }}
    where dq_reason is null
    union
    select author_id
    from {{ ref('int_messages_validated') }}
    where dq_reason is null and author_type in ('agent', 'bot') and author_id is not null
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
        null,
        null,
        null,
        false,
        null,
        null,
        null,
        false
    from unknown_agents
),

final as (
    select
        all_agents.agent_id,
        all_agents.agent_name,
        all_agents.team,
        all_agents.tier,
        all_agents.is_bot,
        all_agents.is_known_agent,
        all_agents.hired_at,
        all_agents.terminated_at,
        all_agents.terminated_at is null
        or all_agents.terminated_at > as_of.as_of_at as is_active,
        {{ dbt.datediff('all_agents.hired_at', 'as_of.as_of_at', 'day') }} as tenure_days,
        case
            when all_agents.hired_at is null then null
            when {{ dbt.datediff('all_agents.hired_at', 'as_of.as_of_at', 'day') }}
                < {{ var('tenure_band_days')[0] }} then 'under_{{ var('tenure_band_days')[0] }}_days'
            when {{ dbt.datediff('all_agents.hired_at', 'as_of.as_of_at', 'day') }}
                <= {{ var('tenure_band_days')[1] }}
                then '{{ var('tenure_band_days')[0] }}_to_{{ var('tenure_band_days')[1] }}_days'
            else 'over_{{ var('tenure_band_days')[1] }}_days'
        end as tenure_band,
        all_agents.hourly_cost,
        coalesce(all_agents.hourly_cost, cost_defaults.hourly_cost) as effective_hourly_cost
    from all_agents
    cross join as_of
    left join cost_defaults
        on case when all_agents.is_bot then 'BOT' else all_agents.tier end = cost_defaults.tier
)

select * from final
