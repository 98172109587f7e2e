{#- One row per period, ticket category and human agent (and per period and
    category, agent_id 'all': the category's baseline over all human
    agents): who is best at which kind of ticket. Each resolution is judged
    by the agent who made it, as in mart_ai_vs_human (SPEC section 2):
    - FCR and reopen judge the first resolution, by its maker
      (first_resolution_agent_id, int_ticket_diagnostic_attributes): cohort =
      tickets first resolved in the period, with the KPI marts' window rule
      (window_metric_counts: only tickets whose window has elapsed at as_of,
      the others pending);
    - resolution time, AHT and CSAT judge the current resolution, by its
      maker (resolved_by_agent_id): cohort = tickets resolved (resolved_at)
      in the period; aht_seconds over those tickets' whole handle time, as
      in the KPI marts; ticket_csat_rate = share of those tickets whose
      latest CSAT answer scored 4-5 (per ticket, as the scorecard and
      mart_ai_vs_human).
    Only resolutions made by human agents (first_resolver_class /
    final_resolver_class human) count, so the baseline compares peers; the
    category is the ticket's current one ('unknown' when none).
    period_grain month (the month of the cohort's timestamp) or all_time
    (period_month null). The _gap_to_category columns are the agent's value
    minus its category baseline of the same period (for aht_seconds,
    positive = slower than peers). is_sample_sufficient: at least
    trend_min_sample FCR-decided tickets.
    Each resolution is counted at both grains (levels month and all_time)
    and for both its agent and the baseline ('all'): four rows each, grouped
    once (no grouping sets, which not every SQL linter and engine reads). -#}
with resolutions as (
    select * from {{ ref('int_ticket_resolution_cohorts') }}
),

agents as (
    select * from {{ ref('dim_agent') }}
),

as_of as (
    select as_of_at from {{ ref('int_as_of') }}
),

levels as (
    -- each resolution counts for the month and all time, for its agent and
    -- for the category's baseline
    select
        level_list.period_grain,
        level_list.is_baseline
    from (
        values ('month', false), ('month', true), ('all_time', false), ('all_time', true)
    ) as level_list (period_grain, is_baseline)
),

first_resolutions as (
    select
        first_resolution_month as period_month,
        category,
        first_resolution_agent_id as agent_id,
        fcr_status,
        is_fcr_window_elapsed,
        is_reopened_within_window,
        is_reopen_window_elapsed
    from resolutions
    where first_resolver_class = 'human'
),

final_resolutions as (
    select
        final_resolution_month as period_month,
        category,
        resolved_by_agent_id as agent_id,
        resolution_minutes,
        case when not is_automated_resolution then handle_seconds end as handle_seconds,
        csat_score
    from resolutions
    where final_resolution_month is not null
        and final_resolver_class = 'human'
),

first_leveled as (
    select
        levels.period_grain,
        case when levels.period_grain = 'month' then first_resolutions.period_month end
            as period_month,
        first_resolutions.category,
        case when levels.is_baseline then 'all' else first_resolutions.agent_id end as agent_id,
        first_resolutions.fcr_status,
        first_resolutions.is_fcr_window_elapsed,
        first_resolutions.is_reopened_within_window,
        first_resolutions.is_reopen_window_elapsed
    from first_resolutions
    cross join levels
),

first_judged as (
    select
        period_grain,
        period_month,
        category,
        agent_id,
        count(*) as tickets_first_resolved,
        {{ window_metric_counts() | indent(8) }}
    from first_leveled
    group by period_grain, period_month, category, agent_id
),

final_leveled as (
    select
        levels.period_grain,
        case when levels.period_grain = 'month' then final_resolutions.period_month end
            as period_month,
        final_resolutions.category,
        case when levels.is_baseline then 'all' else final_resolutions.agent_id end as agent_id,
        final_resolutions.resolution_minutes,
        final_resolutions.handle_seconds,
        final_resolutions.csat_score
    from final_resolutions
    cross join levels
),

final_judged as (
    select
        period_grain,
        period_month,
        category,
        agent_id,
        count(*) as tickets_resolved,
        {{ percentile_cont('resolution_minutes', 0.5) }} as resolution_minutes_median,
        count(handle_seconds) as tickets_with_handle_time,
        sum(handle_seconds) as handle_seconds_total,
        count(csat_score) as csat_scored_tickets,
        count(case when csat_score >= 4 then 1 end) as csat_satisfied_tickets
    from final_leveled
    group by period_grain, period_month, category, agent_id
),

keys as (
    select
        period_grain,
        period_month,
        category,
        agent_id
    from first_judged
    union
    select
        period_grain,
        period_month,
        category,
        agent_id
    from final_judged
),

measured as (
    select
        keys.period_grain,
        keys.period_month,
        keys.category,
        keys.agent_id,
        coalesce(first_judged.tickets_first_resolved, 0) as tickets_first_resolved,
        {{ window_metric_rates('first_judged') | indent(8) }},
        coalesce(final_judged.tickets_resolved, 0) as tickets_resolved,
        final_judged.resolution_minutes_median,
        coalesce(final_judged.tickets_with_handle_time, 0) as tickets_with_handle_time,
        final_judged.handle_seconds_total,
        {{ safe_ratio('final_judged.handle_seconds_total',
            'final_judged.tickets_with_handle_time') }} as aht_seconds,
        coalesce(final_judged.csat_scored_tickets, 0) as csat_scored_tickets,
        coalesce(final_judged.csat_satisfied_tickets, 0) as csat_satisfied_tickets,
        {{ safe_ratio('final_judged.csat_satisfied_tickets', 'final_judged.csat_scored_tickets') }}
            as ticket_csat_rate
    from keys
    left join first_judged
        on keys.period_grain = first_judged.period_grain
            and keys.category = first_judged.category
            and keys.agent_id = first_judged.agent_id
            and keys.period_month is not distinct from first_judged.period_month
    left join final_judged
        on keys.period_grain = final_judged.period_grain
            and keys.category = final_judged.category
            and keys.agent_id = final_judged.agent_id
            and keys.period_month is not distinct from final_judged.period_month
),

final as (
    select
        measured.period_grain,
        measured.period_month,
        -- null on the all_time rows (no period)
        {{ is_period_complete('month', 'measured.period_month', 'as_of.as_of_at') }}
            as is_period_complete,
        measured.category,
        measured.agent_id,
        agents.agent_name,
        agents.team,
        measured.tickets_first_resolved,
        measured.fcr_first_contact,
        measured.fcr_not_first_contact,
        measured.fcr_pending,
        measured.fcr_rate,
        measured.tickets_reopened_within_window,
        measured.reopen_window_elapsed,
        measured.reopen_pending,
        measured.reopen_rate,
        measured.tickets_resolved,
        measured.resolution_minutes_median,
        measured.tickets_with_handle_time,
        measured.handle_seconds_total,
        measured.aht_seconds,
        measured.csat_scored_tickets,
        measured.csat_satisfied_tickets,
        measured.ticket_csat_rate,
        baseline.fcr_rate as category_fcr_rate,
        baseline.reopen_rate as category_reopen_rate,
        baseline.aht_seconds as category_aht_seconds,
        baseline.ticket_csat_rate as category_ticket_csat_rate,
        measured.fcr_rate - baseline.fcr_rate as fcr_rate_gap_to_category,
        measured.reopen_rate - baseline.reopen_rate as reopen_rate_gap_to_category,
        measured.aht_seconds - baseline.aht_seconds as aht_seconds_gap_to_category,
        measured.ticket_csat_rate - baseline.ticket_csat_rate as ticket_csat_rate_gap_to_category,
        measured.fcr_first_contact + measured.fcr_not_first_contact
        >= {{ var('trend_min_sample') }} as is_sample_sufficient
    from measured
    cross join as_of
    inner join measured as baseline
        on measured.period_grain = baseline.period_grain
            and measured.category = baseline.category
            and baseline.agent_id = 'all'
            and measured.period_month is not distinct from baseline.period_month
    left join agents
        on measured.agent_id = agents.agent_id
)

select * from final
