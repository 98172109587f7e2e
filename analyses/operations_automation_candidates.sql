-- Which categories are the best candidates for automation (over all
-- periods), and what would automating them save in agent hours?
select
    automation_potential_rank,
    category,
    complexity_tier,
    service_class,
    tickets_created,
    aht_seconds,
    agent_hours,
    resolution_consistency,
    fcr_rate,
    escalation_rate,
    volume_score,
    agent_hours_score,
    consistency_score,
    automation_potential_score
from {{ ref('mart_category_economics') }}
where period_grain = 'all' and is_scored
order by automation_potential_rank, category
limit 10
