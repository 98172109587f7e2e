{#- One row per grain (daily, weekly), period, slice and main series
    (volume, FRT median, FCR rate, reopen rate, CSAT): the value, its
    week-over-week change (against the period 7 days earlier: the same
    weekday for days, the previous week for weeks) and an anomaly flag.
    Anomaly: robust z-score of the value against the trailing
    anomaly_window_periods comparable periods (same weekday for days) with a
    value on a sufficient sample (trend_min_sample cases; volume always):
    z = 0.6745 (value - median) / MAD, MAD the median absolute
    deviation from that median; when MAD is 0, z = (value - median) /
    (1.2533 x mean absolute deviation); null when that is 0 too or fewer
    than anomaly_window_periods trailing values exist. Flag when |z| >
    anomaly_z_threshold: 'spike' above, 'drop' below. Robust statistics so
    one past outlier does not mask the next. -#}
{%- set window = var('anomaly_window_periods') | int -%}
with series as (
    select * from {{ ref('int_kpi_series') }}
),

trailing_points as (
    -- each point with the comparable values before it
    select
        current_point.grain,
        current_point.period_start,
        current_point.slice_name,
        current_point.slice_value,
        current_point.series,
        history.series_value as trailing_value
    from series as current_point
    inner join series as history
        on current_point.grain = history.grain
            and current_point.slice_name = history.slice_name
            and current_point.slice_value = history.slice_value
            and current_point.series = history.series
            and current_point.comparable_phase = history.comparable_phase
            and current_point.comparable_position > history.comparable_position
            and current_point.comparable_position - {{ window }} <= history.comparable_position
    where history.series_value is not null and history.is_sample_sufficient
),

trailing_medians as (
    select
        grain,
        period_start,
        slice_name,
        slice_value,
        series,
        count(*) as trailing_periods,
        {{ percentile_cont('trailing_value', 0.5) }} as trailing_median
    from trailing_points
    group by grain, period_start, slice_name, slice_value, series
),

trailing_spread as (
    select
        trailing_points.grain,
        trailing_points.period_start,
        trailing_points.slice_name,
        trailing_points.slice_value,
        trailing_points.series,
        {{ percentile_cont(
            'abs(trailing_points.trailing_value - trailing_medians.trailing_median)', 0.5) }}
            as trailing_mad,
        avg(abs(trailing_points.trailing_value - trailing_medians.trailing_median))
            as trailing_mean_absolute_deviation
    from trailing_points
    inner join trailing_medians
        on trailing_points.grain = trailing_medians.grain
            and trailing_points.period_start = trailing_medians.period_start
            and trailing_points.slice_name = trailing_medians.slice_name
            and trailing_points.slice_value = trailing_medians.slice_value
            and trailing_points.series = trailing_medians.series
    group by
        trailing_points.grain,
        trailing_points.period_start,
        trailing_points.slice_name,
        trailing_points.slice_value,
        trailing_points.series
),

scored as (
    select
        series.grain,
        series.period_start,
        series.slice_name,
        series.slice_value,
        series.series,
        series.series_value,
        series.sample_size,
        series.is_sample_sufficient,
        previous_week.series_value as previous_week_value,
        series.series_value - previous_week.series_value as week_over_week_change,
        series.series_value / nullif(previous_week.series_value, 0) - 1
            as week_over_week_relative_change,
        coalesce(trailing_medians.trailing_periods, 0) as trailing_periods,
        trailing_medians.trailing_median,
        trailing_spread.trailing_mad,
        trailing_spread.trailing_mean_absolute_deviation,
        case
            when series.series_value is null or not series.is_sample_sufficient
                or coalesce(trailing_medians.trailing_periods, 0) < {{ window }} then null
            when trailing_spread.trailing_mad > 0
                then 0.6745 * (series.series_value - trailing_medians.trailing_median)
                    / trailing_spread.trailing_mad
            when trailing_spread.trailing_mean_absolute_deviation > 0
                then (series.series_value - trailing_medians.trailing_median)
                    / (1.2533 * trailing_spread.trailing_mean_absolute_deviation)
        end as robust_z_score
    from series
    left join series as previous_week
        on series.grain = previous_week.grain
            and series.slice_name = previous_week.slice_name
            and series.slice_value = previous_week.slice_value
            and series.series = previous_week.series
            and {{ dbt.dateadd('day', -7, 'series.period_start') }} = previous_week.period_start
    left join trailing_medians
        on series.grain = trailing_medians.grain
            and series.period_start = trailing_medians.period_start
            and series.slice_name = trailing_medians.slice_name
            and series.slice_value = trailing_medians.slice_value
            and series.series = trailing_medians.series
    left join trailing_spread
        on series.grain = trailing_spread.grain
            and series.period_start = trailing_spread.period_start
            and series.slice_name = trailing_spread.slice_name
            and series.slice_value = trailing_spread.slice_value
            and series.series = trailing_spread.series
),

final as (
    select
        *,
        coalesce(abs(robust_z_score) > {{ var('anomaly_z_threshold') }}, false) as is_anomaly,
        case
            when robust_z_score > {{ var('anomaly_z_threshold') }} then 'spike'
            when robust_z_score < -{{ var('anomaly_z_threshold') }} then 'drop'
        end as anomaly_direction
    from scored
)

select * from final
