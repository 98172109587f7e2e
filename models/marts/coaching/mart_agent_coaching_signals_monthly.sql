{#- One row per human agent and month (UTC) in which the agent was the first
    assignee of at least one ticket: four coaching signals, each a flag with
    its evidence beside it.
    The agent's tickets (one cohort for every signal): the tickets first
    assigned to the agent, by month of first_assigned_at
    (int_agent_first_assigned_tickets). Peers: the other human agents with
    such tickets that month (of the same team where a signal says team).
    - cherry-picking: of the tickets the agent took itself (first assignment
      made by the agent) with a known complexity tier, the share of low
      complexity, against the same share of its team peers' self-assigned
      tickets: flagged when the agent's share is above the peers', at least
      coaching_cherry_pick_ratio times theirs, and the difference is at least
      coaching_signal_z pooled standard errors (two-proportion z-test).
    - fast with low CSAT: the agent's own handle time on its tickets against
      the complexity tier baselines (mean of the agents' AHTs of the tier that
      month; z as in mart_agent_aht_tier_weekly, averaged over the agent's
      tiers weighted by its tickets), with CSAT normalised by category
      (metric_csat_normalized on these tickets): flagged when z <=
      -coaching_fast_aht_z and normalised CSAT <= -coaching_low_csat_gap
      (null when no tier of the agent has a z: it was alone on them).
    - low escalation: tickets the agent escalated against the escalations
      expected at the peer escalation rate of each ticket's category (other
      human agents, same month): flagged when observed <=
      coaching_low_escalation_ratio x expected and observed - expected <=
      -coaching_signal_z standard deviations (sum of p(1 - p)).
    - recategorisation: share of the agent's tickets whose category the
      agent changed, over all its tickets, against its team peers' share:
      flagged when above it, at least coaching_recategorisation_ratio times
      it, and significant as for cherry-picking.
    A flag is null below its minimum sample (vars *_min_*) and on the month
    holding as_of (is_period_complete false: the evidence is shown, not
    judged). -#}
{%- set z = var('coaching_signal_z') -%}
with agent_tickets as (
    select * from {{ ref('int_agent_first_assigned_tickets') }}
),

agents as (
    select * from {{ ref('dim_agent') }}
),

as_of as (
    select as_of_at from {{ ref('int_as_of') }}
),

agent_months as (
    select
        agent_id,
        period_start,
        max(team) as team,
        count(*) as first_assigned_tickets,
        count(case when is_self_assigned and complexity_tier <> 'unclassified' then 1 end)
            as self_assigned_tickets,
        count(case when is_self_assigned and complexity_tier = 'low' then 1 end)
            as self_assigned_low_tickets,
        count(case when is_recategorised_by_assignee then 1 end) as recategorised_tickets,
        count(csat_score) as csat_scored_tickets,
        count(case when csat_score >= 4 then 1 end) as csat_satisfied_tickets,
        avg(case when csat_score is not null then category_csat_baseline end)
            as csat_category_baseline
    from agent_tickets
    group by agent_id, period_start
),

-- cherry-picking and recategorisation: the team's totals, less the agent's
team_months as (
    select
        team,
        period_start,
        count(*) as team_agents,
        sum(first_assigned_tickets) as first_assigned_tickets,
        sum(self_assigned_tickets) as self_assigned_tickets,
        sum(self_assigned_low_tickets) as self_assigned_low_tickets,
        sum(recategorised_tickets) as recategorised_tickets
    from agent_months
    where team is not null
    group by team, period_start
),

team_peers as (
    select
        agent_months.agent_id,
        agent_months.period_start,
        team_months.team_agents - 1 as team_peer_agents,
        team_months.self_assigned_tickets - agent_months.self_assigned_tickets
            as team_peer_self_assigned_tickets,
        team_months.self_assigned_low_tickets - agent_months.self_assigned_low_tickets
            as team_peer_self_assigned_low_tickets,
        team_months.first_assigned_tickets - agent_months.first_assigned_tickets
            as team_peer_first_assigned_tickets,
        team_months.recategorised_tickets - agent_months.recategorised_tickets
            as team_peer_recategorised_tickets
    from agent_months
    inner join team_months
        on agent_months.team = team_months.team
            and agent_months.period_start = team_months.period_start
),

-- fast with low CSAT: the agent's AHT per tier against the tier baseline
agent_tiers as (
    select
        agent_id,
        period_start,
        complexity_tier,
        count(*) as handle_time_tickets,
        sum(assignee_handle_seconds) as handle_seconds,
        avg(assignee_handle_seconds) as tier_aht_seconds
    from agent_tickets
    where assignee_handle_seconds is not null
    group by agent_id, period_start, complexity_tier
),

tier_baselines as (
    select
        period_start,
        complexity_tier,
        avg(tier_aht_seconds) as baseline_aht_seconds,
        stddev_samp(tier_aht_seconds) as aht_stddev_seconds
    from agent_tiers
    group by period_start, complexity_tier
),

tier_scores as (
    select
        agent_tiers.agent_id,
        agent_tiers.period_start,
        agent_tiers.handle_time_tickets,
        agent_tiers.handle_seconds,
        tier_baselines.baseline_aht_seconds,
        (agent_tiers.tier_aht_seconds - tier_baselines.baseline_aht_seconds)
        / nullif(tier_baselines.aht_stddev_seconds, 0) as aht_z_score
    from agent_tiers
    inner join tier_baselines
        on agent_tiers.period_start = tier_baselines.period_start
            and agent_tiers.complexity_tier = tier_baselines.complexity_tier
),

agent_aht as (
    select
        agent_id,
        period_start,
        sum(handle_time_tickets) as handle_time_tickets,
        {{ safe_ratio('sum(handle_seconds)', 'sum(handle_time_tickets)') }}
            as first_assigned_aht_seconds,
        {{ safe_ratio('sum(handle_time_tickets * baseline_aht_seconds)',
            'sum(handle_time_tickets)') }} as tier_mix_baseline_aht_seconds,
        {{ safe_ratio('sum(handle_time_tickets * aht_z_score)',
            'sum(case when aht_z_score is not null then handle_time_tickets end)') }}
            as tier_aht_z_score
    from tier_scores
    group by agent_id, period_start
),

-- low escalation: peers' escalation rate of each category, without the agent
agent_categories as (
    select
        agent_id,
        period_start,
        category,
        count(*) as tickets,
        count(case when is_escalated_by_assignee then 1 end) as escalated_tickets
    from agent_tickets
    group by agent_id, period_start, category
),

category_months as (
    select
        period_start,
        category,
        sum(tickets) as tickets,
        sum(escalated_tickets) as escalated_tickets
    from agent_categories
    group by period_start, category
),

category_expectations as (
    select
        agent_categories.agent_id,
        agent_categories.period_start,
        agent_categories.tickets,
        agent_categories.escalated_tickets,
        {{ safe_ratio('category_months.escalated_tickets - agent_categories.escalated_tickets',
            'category_months.tickets - agent_categories.tickets') }} as peer_escalation_rate
    from agent_categories
    inner join category_months
        on agent_categories.period_start = category_months.period_start
            and agent_categories.category = category_months.category
),

agent_escalations as (
    select
        agent_id,
        period_start,
        sum(case when peer_escalation_rate is not null then tickets end)
            as escalation_compared_tickets,
        sum(case when peer_escalation_rate is not null then escalated_tickets end)
            as escalations_observed,
        sum(tickets * peer_escalation_rate) as escalations_expected,
        sum(tickets * peer_escalation_rate * (1 - peer_escalation_rate))
            as escalations_variance
    from category_expectations
    group by agent_id, period_start
),

evidence as (
    select
        agent_months.agent_id,
        agent_months.period_start,
        {{ is_period_complete('month', 'agent_months.period_start', 'as_of.as_of_at') }}
            as is_period_complete,
        agent_months.team,
        agent_months.first_assigned_tickets,
        team_peers.team_peer_agents,
        -- cherry-picking
        agent_months.self_assigned_tickets,
        agent_months.self_assigned_low_tickets,
        {{ safe_ratio('agent_months.self_assigned_low_tickets',
            'agent_months.self_assigned_tickets') }} as self_assigned_low_share,
        team_peers.team_peer_self_assigned_tickets,
        team_peers.team_peer_self_assigned_low_tickets,
        {{ safe_ratio('team_peers.team_peer_self_assigned_low_tickets',
            'team_peers.team_peer_self_assigned_tickets') }} as team_peer_self_assigned_low_share,
        {{ pooled_proportion_se('agent_months.self_assigned_low_tickets',
            'agent_months.self_assigned_tickets',
            'team_peers.team_peer_self_assigned_low_tickets',
            'team_peers.team_peer_self_assigned_tickets') }} as self_assigned_low_share_se,
        -- fast with low CSAT
        coalesce(agent_aht.handle_time_tickets, 0) as handle_time_tickets,
        agent_aht.first_assigned_aht_seconds,
        agent_aht.tier_mix_baseline_aht_seconds,
        agent_aht.tier_aht_z_score,
        agent_months.csat_scored_tickets,
        agent_months.csat_satisfied_tickets,
        {{ safe_ratio('agent_months.csat_satisfied_tickets',
            'agent_months.csat_scored_tickets') }} as first_assigned_csat_rate,
        agent_months.csat_category_baseline,
        -- low escalation
        coalesce(agent_escalations.escalation_compared_tickets, 0)
            as escalation_compared_tickets,
        coalesce(agent_escalations.escalations_observed, 0) as escalations_observed,
        agent_escalations.escalations_expected,
        agent_escalations.escalations_variance,
        -- recategorisation
        agent_months.recategorised_tickets,
        {{ safe_ratio('agent_months.recategorised_tickets',
            'agent_months.first_assigned_tickets') }} as recategorisation_rate,
        team_peers.team_peer_first_assigned_tickets,
        team_peers.team_peer_recategorised_tickets,
        {{ safe_ratio('team_peers.team_peer_recategorised_tickets',
            'team_peers.team_peer_first_assigned_tickets') }} as team_peer_recategorisation_rate,
        {{ pooled_proportion_se('agent_months.recategorised_tickets',
            'agent_months.first_assigned_tickets',
            'team_peers.team_peer_recategorised_tickets',
            'team_peers.team_peer_first_assigned_tickets') }} as recategorisation_rate_se
    from agent_months
    cross join as_of
    left join team_peers
        on agent_months.agent_id = team_peers.agent_id
            and agent_months.period_start = team_peers.period_start
    left join agent_aht
        on agent_months.agent_id = agent_aht.agent_id
            and agent_months.period_start = agent_aht.period_start
    left join agent_escalations
        on agent_months.agent_id = agent_escalations.agent_id
            and agent_months.period_start = agent_escalations.period_start
),

judged as (
    select
        *,
        first_assigned_csat_rate - csat_category_baseline as first_assigned_csat_normalized,
        case
            when not is_period_complete
                or self_assigned_tickets < {{ var('coaching_cherry_pick_min_tickets') }}
                or coalesce(team_peer_self_assigned_tickets, 0)
                < {{ var('coaching_cherry_pick_min_tickets') }}
                then null
            else self_assigned_low_share > team_peer_self_assigned_low_share
                and self_assigned_low_share
                >= {{ var('coaching_cherry_pick_ratio') }} * team_peer_self_assigned_low_share
                and self_assigned_low_share - team_peer_self_assigned_low_share
                >= {{ z }} * self_assigned_low_share_se
        end as is_cherry_picking,
        case
            when not is_period_complete
                or handle_time_tickets < {{ var('coaching_fast_low_csat_min_tickets') }}
                or csat_scored_tickets < {{ var('coaching_fast_low_csat_min_surveys') }}
                or tier_aht_z_score is null
                then null
            else tier_aht_z_score <= -{{ var('coaching_fast_aht_z') }}
                and first_assigned_csat_rate - csat_category_baseline
                <= -{{ var('coaching_low_csat_gap') }}
        end as is_fast_with_low_csat,
        case
            when not is_period_complete
                or coalesce(escalations_expected, 0)
                < {{ var('coaching_low_escalation_min_expected') }}
                then null
            else escalations_observed
                <= {{ var('coaching_low_escalation_ratio') }} * escalations_expected
                and escalations_observed - escalations_expected
                <= -{{ z }} * sqrt(escalations_variance)
        end as is_low_escalation,
        case
            when not is_period_complete
                or first_assigned_tickets < {{ var('coaching_recategorisation_min_tickets') }}
                or coalesce(team_peer_first_assigned_tickets, 0)
                < {{ var('coaching_recategorisation_min_tickets') }}
                then null
            else recategorisation_rate > team_peer_recategorisation_rate
                and recategorisation_rate
                >= {{ var('coaching_recategorisation_ratio') }} * team_peer_recategorisation_rate
                and recategorisation_rate - team_peer_recategorisation_rate
                >= {{ z }} * recategorisation_rate_se
        end as is_high_recategorisation
    from evidence
),

final as (
    select
        judged.agent_id,
        judged.period_start,
        judged.is_period_complete,
        agents.agent_name,
        judged.team,
        agents.tier as agent_tier,
        judged.first_assigned_tickets,
        judged.team_peer_agents,
        -- 1. cherry-picking
        judged.self_assigned_tickets,
        judged.self_assigned_low_tickets,
        judged.self_assigned_low_share,
        judged.team_peer_self_assigned_tickets,
        judged.team_peer_self_assigned_low_tickets,
        judged.team_peer_self_assigned_low_share,
        judged.self_assigned_low_share
        / nullif(judged.team_peer_self_assigned_low_share, 0) as self_assigned_low_share_lift,
        (judged.self_assigned_low_share - judged.team_peer_self_assigned_low_share)
        / nullif(judged.self_assigned_low_share_se, 0) as self_assigned_low_share_deviation_z,
        judged.is_cherry_picking,
        -- 2. fast handle time with low CSAT
        judged.handle_time_tickets,
        judged.first_assigned_aht_seconds,
        judged.tier_mix_baseline_aht_seconds,
        judged.tier_aht_z_score,
        judged.csat_scored_tickets,
        judged.csat_satisfied_tickets,
        judged.first_assigned_csat_rate,
        judged.csat_category_baseline,
        judged.first_assigned_csat_normalized,
        judged.is_fast_with_low_csat,
        -- 3. low escalation against peers in the same categories
        judged.escalation_compared_tickets,
        judged.escalations_observed,
        judged.escalations_expected,
        judged.escalations_observed
        / nullif(judged.escalations_expected, 0) as escalation_observed_expected_ratio,
        (judged.escalations_observed - judged.escalations_expected)
        / nullif(sqrt(judged.escalations_variance), 0) as escalation_deviation_z,
        judged.is_low_escalation,
        -- 4. recategorisation
        judged.recategorised_tickets,
        judged.recategorisation_rate,
        judged.team_peer_first_assigned_tickets,
        judged.team_peer_recategorised_tickets,
        judged.team_peer_recategorisation_rate,
        judged.recategorisation_rate
        / nullif(judged.team_peer_recategorisation_rate, 0) as recategorisation_rate_lift,
        (judged.recategorisation_rate - judged.team_peer_recategorisation_rate)
        / nullif(judged.recategorisation_rate_se, 0) as recategorisation_rate_deviation_z,
        judged.is_high_recategorisation,
        case when judged.is_cherry_picking then 1 else 0 end
        + case when judged.is_fast_with_low_csat then 1 else 0 end
        + case when judged.is_low_escalation then 1 else 0 end
        + case when judged.is_high_recategorisation then 1 else 0 end as coaching_signals_flagged
    from judged
    left join agents
        on judged.agent_id = agents.agent_id
)

select * from final
