{#- One row per period and slice of the customers in the customers table
    (ids seen only on tickets have no known churn and are left out): month
    (period_grain 'month', period_start = first day of the month) or all
    months pooled (period_grain 'all', period_start null: every count is then
    a number of customer-months), cut by slice_name overall, segment, plan
    or segment_plan ('all' for a rolled-up column, 'unknown' for a null).
    - Churn in the month (as mart_team_health_monthly): customers active at
      the month's start, of whom churned during the month; churn_rate.
    - Contacts and churn: customers active at the month's end whose outcome
      in the following month is known (is_churned_next_period not null in
      mart_customer_health), split by the churn-risk signal at the month's
      end (with / without) and by contacts in the trailing risk window
      (high: at least var churn_risk_min_contacts; low: fewer), each with
      the customers, those who churned in the following month and the rate.
      churn_risk_lift = at-risk churn rate / not-at-risk churn rate.
    - Revenue (optional customers.mrr, metric_mrr): the MRR of the customers
      at the month's start (mrr_at_start), of those who churned in it
      (mrr_churned, revenue churned; mrr_churn_rate), of the customers at the
      month's end (mrr_at_end) and of those with the churn-risk signal then
      (mrr_at_risk_at_end, revenue at risk; mrr_at_risk_rate). Null when no
      customer of the row has a known MRR; pooled rows sum customer-months.
    is_period_complete: the month has ended at as_of (null on the pooled
    rows, which have no period). -#}
{%- set min_contacts = var('churn_risk_min_contacts') -%}
{%- set groups = {
    'at_risk': 'has_churn_risk_signal',
    'not_at_risk': 'not has_churn_risk_signal',
    'high_contact': 'risk_window_inbound_tickets >= ' ~ min_contacts,
    'low_contact': 'risk_window_inbound_tickets < ' ~ min_contacts,
} -%}
{#- MRR sums: the customers whose MRR each one adds up; the totals at the
    month's start and end are the sums of two parts, so that a part never
    exceeds its total however the engine orders a floating-point sum -#}
{%- set revenue = {
    'mrr_churned': 'is_active_at_period_start and is_churned_in_period',
    'mrr_retained': 'is_active_at_period_start and not is_churned_in_period',
    'mrr_at_risk_at_end': 'is_active_at_period_end and has_churn_risk_signal',
    'mrr_not_at_risk_at_end': 'is_active_at_period_end and not has_churn_risk_signal',
} -%}
with health as (
    select
        period_start,
        coalesce(segment, 'unknown') as segment,
        coalesce(plan, 'unknown') as plan,
        is_active_at_period_start,
        is_active_at_period_end,
        is_churned_in_period,
        mrr,
        has_churn_risk_signal,
        risk_window_inbound_tickets,
        is_churned_next_period
    from {{ ref('mart_customer_health') }}
    where is_known_customer
),

as_of as (
    select as_of_at from {{ ref('int_as_of') }}
),

grouped as (
    select
        period_start,
        segment,
        plan,
        count(case when is_active_at_period_start then 1 end) as customers_at_start,
        count(case when is_active_at_period_start and is_churned_in_period then 1 end)
            as customers_churned,
        count(case when is_active_at_period_end then 1 end) as customers_at_end,
        count(case when is_active_at_period_end and has_churn_risk_signal then 1 end)
            as customers_at_risk_at_end,
        count(case when is_active_at_period_end and mrr is not null then 1 end)
            as customers_at_end_with_mrr,
        {%- for name, condition in revenue.items() %}
            {{ sum_of_known('mrr', condition) }} as {{ name }},
        {%- endfor %}
        count(is_churned_next_period) as customers_with_outcome,
        count(case when is_churned_next_period then 1 end) as customers_churned_next_period,
        {%- for name, condition in groups.items() %}
            count(case when is_churned_next_period is not null and {{ condition }} then 1 end)
                as {{ name }}_customers,
            count(case when is_churned_next_period and {{ condition }} then 1 end)
                as {{ name }}_churned_next_period{% if not loop.last %},{% endif %}
        {%- endfor %}
    from health
    -- every combination of the three columns, each one kept or rolled up
    group by cube(period_start, segment, plan)
    -- the grand total of an empty input would be a row of zeros: none wanted
    having count(*) > 0
),

flagged as (
    -- whether the month has ended; null on the rows of all periods
    select
        grouped.*,
        {{ is_period_complete('month', 'grouped.period_start', 'as_of.as_of_at') }}
            as is_period_complete
    from grouped
    cross join as_of
),

final as (
    -- inputs are never null (segment and plan are coalesced, period_start is
    -- a key), so a null here marks a rolled-up column
    select
        {{ cube_slice_labels('segment', 'plan') }},
        is_period_complete,
        customers_at_start,
        customers_churned,
        {{ safe_ratio('customers_churned', 'customers_at_start') }} as churn_rate,
        customers_at_end,
        customers_at_risk_at_end,
        customers_at_end_with_mrr,
        mrr_churned + mrr_retained as mrr_at_start,
        mrr_churned,
        {{ safe_ratio('mrr_churned', 'mrr_churned + mrr_retained') }} as mrr_churn_rate,
        mrr_at_risk_at_end + mrr_not_at_risk_at_end as mrr_at_end,
        mrr_at_risk_at_end,
        {{ safe_ratio('mrr_at_risk_at_end', 'mrr_at_risk_at_end + mrr_not_at_risk_at_end') }}
            as mrr_at_risk_rate,
        customers_with_outcome,
        customers_churned_next_period,
        {{ safe_ratio('customers_churned_next_period', 'customers_with_outcome') }}
            as churn_rate_next_period,
        {%- for name in groups %}
            {{ name }}_customers,
            {{ name }}_churned_next_period,
            {{ safe_ratio(name ~ '_churned_next_period', name ~ '_customers') }}
                as {{ name }}_churn_rate_next_period,
        {%- endfor %}
        {{ safe_ratio(safe_ratio('at_risk_churned_next_period', 'at_risk_customers'),
            safe_ratio('not_at_risk_churned_next_period', 'not_at_risk_customers')) }}
            as churn_risk_lift
    from flagged
)

select * from final
