{#- One row per grain (daily, weekly, monthly, quarterly), period, slice and
    headline series (kpi_series(), int_kpi_series): the value, its change
    against the previous comparable period (period_over_period_*: for days
    the same weekday a week earlier, for weeks the week before: both also
    week_over_week_*; for months the month before, for quarters the quarter
    before), whether that change is better or worse (series_direction), and
    an anomaly flag.
    Only final values are compared or scored (SPEC section 2): the period is
    complete at as_of and no ticket still waits on the series' window
    (is_value_final, int_kpi_series). A value that is not final has no
    week-over-week change, no z-score and a null is_anomaly, and is never a
    trailing value of another point; the change needs both weeks final.
    Anomaly: robust z-score of the value against the trailing
    anomaly_window_periods comparable periods (same weekday for days) with a
    final value on a sufficient sample (trend_min_sample cases; tickets_created always):
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

{%- set comparable %}
    partition by grain, slice_name, slice_value, series, comparable_phase
    order by comparable_position
{%- endset %}

points as (
    -- each point with, by window functions over its comparable series: the
    -- period before it (for the week-over-week change: the same weekday for
    -- days) and the last `window` earlier values (when they count: not null,
    -- sufficient sample) with their positions. point_id keys the joins below:
    -- one column, so planners estimate them (five equality columns made
    -- PostgreSQL's planner expect one row and loop)
    select
        grain,
        period_start,
        slice_name,
        slice_value,
        series,
        series_value,
        sample_size,
        is_period_complete,
        pending_count,
        is_value_final,
        is_sample_sufficient,
        series_direction,
        comparable_position,
        {%- for offset in range(1, window + 1) %}
            lag(
                case
                    when series_value is not null and is_sample_sufficient and is_value_final
                        then series_value
                end,
                {{ offset }}
            ) over ({{ comparable }}) as trailing_value_{{ offset }},
            lag(comparable_position, {{ offset }}) over ({{ comparable }})
                as trailing_position_{{ offset }},
        {%- endfor %}
        -- the previous comparable period, when it is the one just before
        -- (the same weekday a week earlier for days) and its value is final
        case
            when lag(period_start) over ({{ comparable }}) = case grain
                    when 'monthly' then {{ dbt.dateadd('month', -1, 'period_start') }}
                    when 'quarterly' then {{ dbt.dateadd('month', -3, 'period_start') }}
                    else {{ dbt.dateadd('day', -7, 'period_start') }}
                end
                and lag(is_value_final) over ({{ comparable }})
                then lag(series_value) over ({{ comparable }})
        end as previous_period_value,
        row_number() over (
            order by grain, slice_name, slice_value, series, period_start
        ) as point_id
    from series
),

trailing_offsets as (
    {%- for offset in range(1, window + 1) %}
        select {{ offset }} as periods_back
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

trailing_points as (
    -- each point with the counted values of the comparable periods at most
    -- `window` positions before it, one row each
    select
        point_id,
        trailing_value
    from (
        select
            points.point_id,
            case trailing_offsets.periods_back
                {%- for offset in range(1, window + 1) %}
                    when {{ offset }} then
                        case
                            when points.trailing_position_{{ offset }}
                                >= points.comparable_position - {{ window }}
                                then points.trailing_value_{{ offset }}
                        end
                {%- endfor %}
            end as trailing_value
        from points
        cross join trailing_offsets
    ) as unpivoted
    where trailing_value is not null
),

trailing_medians as (
    select
        point_id,
        count(*) as trailing_periods,
        {{ percentile_cont('trailing_value', 0.5) }} as trailing_median
    from trailing_points
    group by point_id
),

trailing_spread as (
    select
        trailing_points.point_id,
        {{ percentile_cont(
            'abs(trailing_points.trailing_value - trailing_medians.trailing_median)', 0.5) }}
            as trailing_mad,
        avg(abs(trailing_points.trailing_value - trailing_medians.trailing_median))
            as trailing_mean_absolute_deviation
    from trailing_points
    inner join trailing_medians
        on trailing_points.point_id = trailing_medians.point_id
    group by trailing_points.point_id
),

scored as (
    select
        points.grain,
        points.period_start,
        points.slice_name,
        points.slice_value,
        points.series,
        points.series_value,
        points.sample_size,
        points.is_period_complete,
        points.pending_count,
        points.is_value_final,
        points.is_sample_sufficient,
        points.series_direction,
        points.previous_period_value,
        case
            when points.is_value_final
                then points.series_value - points.previous_period_value
        end as period_over_period_change,
        case
            when points.is_value_final
                then points.series_value / nullif(points.previous_period_value, 0) - 1
        end as period_over_period_relative_change,
        -- the same for days and weeks, under the name the weekly views use
        case
            when points.grain in ('daily', 'weekly') then points.previous_period_value
        end as previous_week_value,
        case
            when points.is_value_final and points.grain in ('daily', 'weekly')
                then points.series_value - points.previous_period_value
        end as week_over_week_change,
        case
            when points.is_value_final and points.grain in ('daily', 'weekly')
                then points.series_value / nullif(points.previous_period_value, 0) - 1
        end as week_over_week_relative_change,
        coalesce(trailing_medians.trailing_periods, 0) as trailing_periods,
        trailing_medians.trailing_median,
        trailing_spread.trailing_mad,
        trailing_spread.trailing_mean_absolute_deviation,
        case
            when points.series_value is null or not points.is_sample_sufficient
                or not points.is_value_final
                or coalesce(trailing_medians.trailing_periods, 0) < {{ window }} then null
            when trailing_spread.trailing_mad > 0
                then 0.6745 * (points.series_value - trailing_medians.trailing_median)
                    / trailing_spread.trailing_mad
            when trailing_spread.trailing_mean_absolute_deviation > 0
                then (points.series_value - trailing_medians.trailing_median)
                    / (1.2533 * trailing_spread.trailing_mean_absolute_deviation)
        end as robust_z_score
    from points
    left join trailing_medians
        on points.point_id = trailing_medians.point_id
    left join trailing_spread
        on points.point_id = trailing_spread.point_id
),

final as (
    select
        *,
        -- null: not scored (the value is not final)
        case
            when is_value_final
                then coalesce(abs(robust_z_score) > {{ var('anomaly_z_threshold') }}, false)
        end as is_anomaly,
        case
            when robust_z_score > {{ var('anomaly_z_threshold') }} then 'spike'
            when robust_z_score < -{{ var('anomaly_z_threshold') }} then 'drop'
        end as anomaly_direction,
        -- whether the change against the previous period is good news
        case
            when period_over_period_change is null or series_direction = 'none' then null
            when period_over_period_change = 0 then 'unchanged'
            when (period_over_period_change > 0) = (series_direction = 'higher') then 'better'
            else 'worse'
        end as change_verdict
    from scored
)

select * from final
