{#- One row per notable finding of the latest complete month or week before
    as_of, stated as a sentence with the numbers behind it:
    - segment_gap (month): a slice of the KPI marts (channel, category,
      complexity tier, priority, segment, plan, team, the weekday or hour
      tickets were created) at least insight_gap_ratio times worse than
      overall on a metric of
      int_insight_segment_gaps (e.g. a category whose median first response
      is 3x the overall median), on at least trend_min_sample cases;
    - anomaly (week): a weekly series of mart_kpi_trends flagged anomalous
      (a value is scored only once final: complete, nothing pending);
    - backlog_growth_alert (week): the backlog grew more than
      backlog_growth_alert_pct for backlog_growth_alert_weeks weeks running;
    anomalies and backlog alerts leave out the created_weekday and
    created_hour slices: a week's tickets of one creation hour are a small
    sample, and their backlog is not a queue anyone works;
    - speed_trap and aht_outlier (week): agents from the coaching scorecard;
    - understaffed_intervals (week): intervals below the Erlang C
      requirement, how many and the largest gap.
    Every finding describes a complete period and final values only (SPEC
    section 2: no rate whose window is still open). metric is the name of
    the KPI column the number comes from (agent_aht_seconds on agent
    findings: the agent's own AHT, not the ticket AHT of segment gaps).
    severity orders findings within a type (gap ratio, |z|, growth rate,
    agents missing); finding_rank numbers them, 1 = most severe. -#}
{%- set ratio = var('insight_gap_ratio') -%}
{%- set min_sample = var('trend_min_sample') -%}
-- insights read the marts of other areas on purpose: a finding restates
-- their numbers (ticket KPIs, coaching, staffing)
with periods as (
    select * from {{ ref('int_insight_periods') }}
),

segment_gaps as (
    select * from {{ ref('int_insight_segment_gaps') }}
),

trends as (
    select * from {{ ref('mart_kpi_trends') }}
),

weekly_kpis as (
    select * from {{ ref('mart_ticket_kpis_weekly') }}
),

scorecard as (
    select * from {{ ref('mart_agent_scorecard_weekly') }}
),

aht_tiers as (
    select * from {{ ref('mart_agent_aht_tier_weekly') }}
),

staffing as (
    select * from {{ ref('mart_staffing_interval') }}
),

gap_findings as (
    select
        'segment_gap' as finding_type,
        'month' as period_grain,
        segment_gaps.period_start,
        segment_gaps.slice_name as subject_type,
        segment_gaps.slice_value as subject,
        segment_gaps.metric,
        segment_gaps.metric_value,
        segment_gaps.overall_value as baseline_value,
        segment_gaps.sample_size,
        segment_gaps.gap_ratio as severity,
        segment_gaps.slice_name || ' ' || segment_gaps.slice_value || ': ' || segment_gaps.metric
        || ' ' || {{ format_number('segment_gaps.metric_value', 2) }}
        || ' against ' || {{ format_number('segment_gaps.overall_value', 2) }}
        || ' overall, ' || {{ format_number('segment_gaps.gap_ratio', 1) }}
        || 'x worse (' || cast(segment_gaps.sample_size as {{ dbt.type_string() }})
        || ' cases)' as finding
    from segment_gaps
    inner join periods
        on segment_gaps.period_start = periods.last_full_month
    where segment_gaps.sample_size >= {{ min_sample }}
        and segment_gaps.gap_ratio >= {{ ratio }}
        -- never a rate whose window is still open (SPEC)
        and segment_gaps.is_value_final
),

anomaly_findings as (
    select
        'anomaly' as finding_type,
        'week' as period_grain,
        trends.period_start,
        trends.slice_name as subject_type,
        trends.slice_value as subject,
        trends.series as metric,
        trends.series_value as metric_value,
        trends.trailing_median as baseline_value,
        trends.sample_size,
        abs(trends.robust_z_score) as severity,
        trends.slice_name || ' ' || trends.slice_value || ': ' || trends.series || ' '
        || trends.anomaly_direction || ' to ' || {{ format_number('trends.series_value', 2) }}
        || ' against a trailing median of ' || {{ format_number('trends.trailing_median', 2) }}
        || ' (robust z ' || {{ format_number('trends.robust_z_score', 1) }} || ')' as finding
    from trends
    inner join periods
        on trends.period_start = periods.last_full_week
    where trends.grain = 'weekly' and trends.is_anomaly
        and trends.slice_name not in ('created_weekday', 'created_hour')
),

backlog_findings as (
    select
        'backlog_growth_alert' as finding_type,
        'week' as period_grain,
        weekly_kpis.period_start,
        weekly_kpis.slice_name as subject_type,
        weekly_kpis.slice_value as subject,
        'backlog_growth_rate' as metric,
        weekly_kpis.backlog_growth_rate as metric_value,
        {{ var('backlog_growth_alert_pct') }} / 100.0 as baseline_value,
        weekly_kpis.backlog_at_start as sample_size,
        weekly_kpis.backlog_growth_rate as severity,
        weekly_kpis.slice_name || ' ' || weekly_kpis.slice_value || ': backlog grew '
        || {{ format_number('100 * weekly_kpis.backlog_growth_rate', 1) }}
        || '% (from ' || cast(weekly_kpis.backlog_at_start as {{ dbt.type_string() }})
        || ' to ' || cast(weekly_kpis.backlog_at_end as {{ dbt.type_string() }})
        || '), above the alert threshold for consecutive weeks' as finding
    from weekly_kpis
    inner join periods
        on weekly_kpis.period_start = periods.last_full_week
    where weekly_kpis.is_backlog_growth_alert
        and weekly_kpis.slice_name not in ('created_weekday', 'created_hour')
),

speed_trap_findings as (
    select
        'speed_trap' as finding_type,
        'week' as period_grain,
        scorecard.period_start,
        'agent' as subject_type,
        scorecard.agent_id as subject,
        'agent_aht_seconds' as metric,
        scorecard.agent_aht_seconds as metric_value,
        scorecard.previous_agent_aht_seconds as baseline_value,
        scorecard.tickets_resolved as sample_size,
        scorecard.agent_resolved_reopen_rate_change as severity,
        'agent ' || scorecard.agent_id || ': AHT fell '
        || {{ format_number('-100 * scorecard.agent_aht_relative_change', 0) }}
        || '% while the reopen rate rose from '
        || {{ format_number('100 * scorecard.previous_agent_resolved_reopen_rate', 0) }}
        || '% to ' || {{ format_number('100 * scorecard.agent_resolved_reopen_rate', 0) }}
        || '%' as finding
    from scorecard
    inner join periods
        on scorecard.period_start = periods.last_full_week
    where scorecard.is_speed_trap
),

aht_outlier_findings as (
    select
        'aht_outlier' as finding_type,
        'week' as period_grain,
        aht_tiers.period_start,
        'agent' as subject_type,
        aht_tiers.agent_id as subject,
        'agent_aht_seconds_' || aht_tiers.complexity_tier as metric,
        aht_tiers.agent_aht_seconds as metric_value,
        aht_tiers.tier_baseline_aht_seconds as baseline_value,
        aht_tiers.tickets_with_agent_handle_time as sample_size,
        abs(aht_tiers.aht_z_score) as severity,
        'agent ' || aht_tiers.agent_id || ': AHT on ' || aht_tiers.complexity_tier
        || ' tickets ' || {{ format_number('aht_tiers.agent_aht_seconds / 60', 1) }}
        || ' min against a tier baseline of '
        || {{ format_number('aht_tiers.tier_baseline_aht_seconds / 60', 1) }}
        || ' min (z ' || {{ format_number('aht_tiers.aht_z_score', 1) }} || ', '
        || aht_tiers.aht_outlier_direction || ')' as finding
    from aht_tiers
    inner join periods
        on aht_tiers.period_start = periods.last_full_week
    where aht_tiers.is_aht_outlier
),

understaffed_week as (
    select
        periods.last_full_week as period_start,
        count(*) as understaffed_intervals,
        max(staffing.staffing_gap) as largest_gap,
        sum(staffing.calls_offered) as calls_offered
    from staffing
    inner join periods
        on staffing.interval_start_at >= cast(periods.last_full_week as {{ dbt.type_timestamp() }})
            and staffing.interval_start_at
            < {{ dbt.dateadd('day', 7,
                'cast(periods.last_full_week as ' ~ dbt.type_timestamp() ~ ')') }}
    where staffing.is_understaffed
    group by periods.last_full_week
),

understaffed_findings as (
    select
        'understaffed_intervals' as finding_type,
        'week' as period_grain,
        period_start,
        'contact_centre' as subject_type,
        'all' as subject,
        'staffing_gap' as metric,
        largest_gap as metric_value,
        cast(0 as {{ type_double() }}) as baseline_value,
        calls_offered as sample_size,
        largest_gap as severity,
        cast(understaffed_intervals as {{ dbt.type_string() }})
        || ' intervals below the Erlang C requirement; up to '
        || {{ format_number('largest_gap', 0) }} || ' agents missing' as finding
    from understaffed_week
),

findings as (
    select * from gap_findings
    union all
    select * from anomaly_findings
    union all
    select * from backlog_findings
    union all
    select * from speed_trap_findings
    union all
    select * from aht_outlier_findings
    union all
    select * from understaffed_findings
),

final as (
    select
        findings.finding_type || ':' || findings.period_grain
        || ':' || cast(findings.period_start as {{ dbt.type_string() }})
        || ':' || findings.subject_type || ':' || findings.subject || ':' || findings.metric
            as finding_id,
        findings.*,
        -- always true: a finding describes a complete period (stated, and
        -- checked by a data test)
        {{ is_period_complete_at_grain('findings.period_grain', 'findings.period_start',
            'periods.as_of_at') }} as is_period_complete,
        row_number() over (
            partition by findings.finding_type
            order by
                findings.severity desc,
                findings.subject_type asc,
                findings.subject asc,
                findings.metric asc
        ) as finding_rank
    from findings
    cross join periods
)

select * from final
