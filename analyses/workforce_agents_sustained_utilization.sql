-- Which agents ran above (or below) the utilization thresholds for
-- utilization_sustained_weeks consecutive weeks, and in which weeks?
select
    agent_id,
    period_start,
    utilization,
    occupancy,
    adherence,
    is_sustained_high_utilization,
    is_sustained_low_utilization
from {{ ref('mart_agent_weekly') }}
where is_sustained_high_utilization or is_sustained_low_utilization
order by agent_id, period_start
