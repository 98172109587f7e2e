-- Do customers who contact support a lot, escalate or give low CSAT churn
-- more? Monthly churn rate of the following month, per segment, pooled over
-- every month whose outcome is known, with vs without the churn-risk signal
-- and with high vs low contact counts.
select
    segment,
    customers_with_outcome as customer_months,
    churn_rate_next_period,
    at_risk_customers,
    at_risk_churn_rate_next_period,
    not_at_risk_customers,
    not_at_risk_churn_rate_next_period,
    churn_risk_lift,
    high_contact_customers,
    high_contact_churn_rate_next_period,
    low_contact_customers,
    low_contact_churn_rate_next_period
from {{ ref('mart_customer_segment_churn') }}
where period_grain = 'all' and slice_name in ('overall', 'segment')
order by slice_name, segment
