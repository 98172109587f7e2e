-- Which customers carry the churn-risk signal at the end of the latest month,
-- and why (contacts, escalation, low CSAT)? Enterprise customers first.
with health as (
    select * from {{ ref('mart_customer_health') }}
),

latest_month as (
    select max(period_start) as period_start
    from health
    where period_start <= (
            select cast({{ dbt.date_trunc('month', 'as_of_at') }} as date)
            from {{ ref('int_as_of') }}
        )
)

select
    health.customer_id,
    health.account_id,
    health.segment,
    health.plan,
    health.churn_risk_reasons,
    health.risk_window_inbound_tickets,
    health.risk_window_escalations,
    health.risk_window_low_csat_responses,
    health.csat_score_avg,
    health.csat_score_trend,
    health.repeat_contacts
from health
inner join latest_month
    on health.period_start = latest_month.period_start
where health.has_churn_risk_signal and health.is_active_at_period_end
order by
    case health.segment when 'enterprise' then 1 when 'mid_market' then 2 else 3 end asc,
    health.risk_window_inbound_tickets desc,
    health.customer_id asc
