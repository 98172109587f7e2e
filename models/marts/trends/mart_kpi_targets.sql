{#- One row per KPI target (seed kpi_targets), grain and period: the
    series' value (int_kpi_series, the KPI marts' own numbers) beside the
    target, and whether it is on target.
    - A target row names a series of kpi_series() (metric), optionally a
      slice (slice_name and slice_value; blank = overall) and a grain (daily,
      weekly, monthly, quarterly; blank = every grain the series has), and
      the direction that is better (higher: on target when value >= target;
      lower: when value <= target). assert_kpi_targets_valid stops the build
      on a target the marts cannot answer or whose direction contradicts the
      series'.
    - is_on_target is judged on final values only (SPEC section 2: the
      period is complete and nothing waits on the series' window); null
      otherwise, and null when there is no value (no sample).
    - target_gap = value - target, signed so that a positive gap is better
      (target - value for a lower-is-better target); target_gap_relative =
      that gap / |target|. -#}
with targets as (
    select
        target_id,
        metric,
        -- blank cells (on Spark the text 'None') are null
        {{ seed_text('slice_name') }} as slice_name,
        {{ seed_text('slice_value') }} as slice_value,
        {{ seed_text('grain') }} as grain,
        target,
        direction
    from {{ ref('kpi_targets') }}
),

series as (
    select * from {{ ref('int_kpi_series') }}
),

judged as (
    select
        targets.target_id,
        targets.metric,
        series.grain,
        series.period_start,
        series.slice_name,
        series.slice_value,
        series.series_value,
        series.sample_size,
        series.is_period_complete,
        series.is_value_final,
        cast(targets.target as {{ type_double() }}) as target,  -- noqa: RF04
        targets.direction,
        case targets.direction
            when 'higher' then series.series_value - targets.target
            else targets.target - series.series_value
        end as target_gap
    from targets
    inner join series
        on targets.metric = series.series
            and coalesce(targets.slice_name, 'overall') = series.slice_name
            and coalesce(targets.slice_value, 'all') = series.slice_value
            and (targets.grain is null or targets.grain = series.grain)
),

final as (
    select
        target_id,
        metric,
        grain,
        period_start,
        slice_name,
        slice_value,
        series_value,
        sample_size,
        target,
        direction,
        is_period_complete,
        is_value_final,
        target_gap,
        target_gap / nullif(abs(target), 0) as target_gap_relative,
        case
            when is_value_final and series_value is not null then target_gap >= 0
        end as is_on_target
    from judged
)

select * from final
