-- What should we train on? Category x agent tenure band x escalation reason
-- cells (all time, human agents) that escalate more than their category does
-- for the same reason across every band: excess_escalations is how many
-- escalated tickets the cell has beyond what the category's rate predicts.
with matrix as (
    select * from {{ ref('mart_escalation_matrix') }}
    where period_grain = 'all_time'
        and escalation_reason <> 'all'
        and agent_tenure_band not in ('bot', 'unknown', 'no_agent')
),

category_baseline as (
    select
        category,
        escalation_reason,
        {{ safe_ratio('sum(escalated_tickets)', 'sum(tickets_created)') }}
            as category_escalation_rate
    from matrix
    group by category, escalation_reason
)

select
    matrix.category,
    matrix.agent_tenure_band,
    matrix.escalation_reason,
    matrix.tickets_created,
    matrix.escalated_tickets,
    matrix.escalation_rate,
    category_baseline.category_escalation_rate,
    matrix.escalated_tickets
    - matrix.tickets_created * category_baseline.category_escalation_rate
        as excess_escalations
from matrix
inner join category_baseline
    on matrix.category = category_baseline.category
        and matrix.escalation_reason = category_baseline.escalation_reason
order by excess_escalations desc
limit 15
