{#- One row per agent, week (Monday, UTC) and complexity tier in which the
    agent had handle time: the agent's AHT on that tier against the tier
    baseline (SPEC section 2: per-agent AHT deviation from the tier
    baseline, flagged beyond var aht_outlier_z standard deviations, both
    directions).
    - agent AHT = the agent's own handle seconds / tickets of the tier it
      had handle time on that week (int_agent_ticket_weeks);
    - tier baseline = mean of the AHTs of all agents with handle time on the
      tier that week; spread = their sample standard deviation;
    - z = (agent AHT - baseline) / spread; null when fewer than two agents
      worked the tier or all had the same AHT;
    - outlier when |z| > aht_outlier_z: 'slower' above, 'faster' below.
    Comparing agents (not tickets) keeps one busy agent from setting the
    baseline. The ticket-weighted tier AHT is kept for reference.
    is_period_complete: the week has ended at as_of. -#}
{%- set z = var('aht_outlier_z') -%}
with agent_ticket_weeks as (
    select * from {{ ref('int_agent_ticket_weeks') }}
    where has_handle_time
),

as_of as (
    select as_of_at from {{ ref('int_as_of') }}
),

agent_tiers as (
    select
        agent_id,
        period_start,
        complexity_tier,
        count(*) as tickets_with_agent_handle_time,
        sum(handle_seconds) as agent_handle_seconds,
        avg(handle_seconds) as agent_aht_seconds
    from agent_ticket_weeks
    group by agent_id, period_start, complexity_tier
),

tier_baselines as (
    select
        period_start,
        complexity_tier,
        count(*) as agents_in_tier,
        avg(agent_aht_seconds) as tier_baseline_aht_seconds,
        stddev_samp(agent_aht_seconds) as tier_aht_stddev_seconds,
        sum(agent_handle_seconds) / sum(tickets_with_agent_handle_time)
            as tier_ticket_weighted_aht_seconds
    from agent_tiers
    group by period_start, complexity_tier
),

scored as (
    select
        agent_tiers.agent_id,
        agent_tiers.period_start,
        {{ is_period_complete('week', 'agent_tiers.period_start', 'as_of.as_of_at') }}
            as is_period_complete,
        agent_tiers.complexity_tier,
        agent_tiers.tickets_with_agent_handle_time,
        agent_tiers.agent_handle_seconds,
        agent_tiers.agent_aht_seconds,
        tier_baselines.agents_in_tier,
        tier_baselines.tier_baseline_aht_seconds,
        tier_baselines.tier_aht_stddev_seconds,
        tier_baselines.tier_ticket_weighted_aht_seconds,
        (agent_tiers.agent_aht_seconds - tier_baselines.tier_baseline_aht_seconds)
        / nullif(tier_baselines.tier_aht_stddev_seconds, 0) as aht_z_score
    from agent_tiers
    inner join tier_baselines
        on agent_tiers.period_start = tier_baselines.period_start
            and agent_tiers.complexity_tier = tier_baselines.complexity_tier
    cross join as_of
),

final as (
    select
        *,
        coalesce(abs(aht_z_score) > {{ z }}, false) as is_aht_outlier,
        case
            when aht_z_score > {{ z }} then 'slower'
            when aht_z_score < -{{ z }} then 'faster'
        end as aht_outlier_direction
    from scored
)

select * from final
