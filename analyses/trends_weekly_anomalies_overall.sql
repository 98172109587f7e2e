-- Which weeks broke the pattern overall, on which series, and by how much
-- against the trailing median?
select
    period_start,
    series,
    series_value,
    previous_week_value,
    week_over_week_relative_change,
    trailing_median,
    robust_z_score,
    anomaly_direction
from {{ ref('mart_kpi_trends') }}
where grain = 'weekly' and slice_name = 'overall' and is_anomaly
order by period_start, series
