-- Weeks where the backlog grew more than backlog_growth_alert_pct for
-- backlog_growth_alert_weeks weeks in a row, per slice.
select
    period_start,
    slice_name,
    slice_value,
    backlog_at_start,
    backlog_at_end,
    tickets_created,
    resolutions,
    backlog_growth_rate
from {{ ref('mart_ticket_kpis_weekly') }}
where is_backlog_growth_alert
order by period_start, slice_name, slice_value
