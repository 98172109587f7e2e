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
    is_period_complete: the month has ended at as_of (null on the pooled
    rows, which have no period). -#}
{%- set min_contacts = var('churn_risk_min_contacts') -%}
{%- set groups = {
    'at_risk': 'has_churn_risk_signal',
    'not_at_risk': 'not has_churn_risk_signal',
    'high_contact': 'risk_window_inbound_tickets >= ' ~ min_contacts,
    'low_contact': 'risk_window_inbound_tickets < ' ~ min_contacts,
} -%}
with health as (
    select
        period_start,
        coalesce(segment, 'unknown') as segment,
        coalesce(plan, 'unknown') as plan,
        is_active_at_period_start,
        is_active_at_period_end,
        is_churned_in_period,
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
