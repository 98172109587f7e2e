{#- One row per customer and calendar month (UTC; the months of
    int_customer_months: every month the customer was a customer, plus any
    month with activity). Activity of the month (activity_at in
    [period_start, next_period_start)):
    - tickets_created, inbound_tickets_created (customer-created tickets),
      repeat_contacts (inbound tickets of a category the customer already
      contacted about within var fcr_window_hours before),
      tickets_first_escalated_in_month (first escalation in the month),
      csat_responses_received (CSAT responses by responded_at) and their
      average;
    - csat_score_trend: the month's average CSAT minus the average of all the
      customer's earlier responses (null without both).
    Churn-risk signal at the month's end, over the trailing window
    [next_period_start - var churn_risk_window_days, next_period_start):
    at least var churn_risk_min_contacts inbound tickets
    (risk_window_inbound_tickets), or any escalation, or any
    CSAT response <= var churn_risk_low_csat; churn_risk_reasons lists the
    conditions met (contacts, escalation, low_csat).
    is_churned_next_period: churned_at falls in the following month; null
    when the customer is not active at the month's end, is not in the
    customers table (churn is unknown), or the following month has not ended
    at as_of (outcome pending). is_period_complete: the month has ended at
    as_of.
    Revenue (optional customers.mrr; null when unknown): mrr, the customer's
    MRR (one value, no history); mrr_at_risk, its MRR when it is a customer
    at the month's end with the churn-risk signal (revenue at risk), else 0;
    mrr_churned, its MRR when it was a customer at the month's start and
    churned in the month (as customers_churned of
    mart_customer_segment_churn), else 0. -#}
{%- set window_days = var('churn_risk_window_days') -%}
{#- counts: (column, which activity, counted from the month's start or the
    risk window's start; both end at next_period_start) -#}
{%- set counts = [
    ('tickets_created', "activity.activity_type = 'ticket'", 'period_start'),
    ('inbound_tickets_created', 'activity.is_contact', 'period_start'),
    ('repeat_contacts', 'activity.is_repeat_contact', 'period_start'),
    ('tickets_first_escalated_in_month', "activity.activity_type = 'escalation'",
        'period_start'),
    ('csat_responses_received', "activity.activity_type = 'csat_response'", 'period_start'),
    ('risk_window_inbound_tickets', 'activity.is_contact', 'risk_window_start_at'),
    ('risk_window_escalations', "activity.activity_type = 'escalation'",
        'risk_window_start_at'),
    ('risk_window_low_csat_responses',
        'activity.csat_score <= ' ~ var('churn_risk_low_csat'), 'risk_window_start_at'),
] -%}
with customer_months as (
    select * from {{ ref('int_customer_months') }}
),

activity as (
    select * from {{ ref('int_customer_activity') }}
),

as_of as (
    select as_of_at from {{ ref('int_as_of') }}
),

windows as (
    select
        customer_months.*,
        {{ add_minutes('customer_months.next_period_start', '-1440.0 * ' ~ window_days) }}
            as risk_window_start_at
    from customer_months
),

activity_counts as (
    -- one pass over the activity that falls in the month or in the window
    select
        windows.customer_id,
        windows.period_start,
        {%- for name, condition, since in counts %}
            count(case
                when {{ condition }} and activity.activity_at >= windows.{{ since }} then 1
            end) as {{ name }},
        {%- endfor %}
        sum(case
            when activity.activity_at >= windows.period_start then activity.csat_score
        end) as csat_score_total
    from windows
    inner join activity
        on windows.customer_id = activity.customer_id
            and activity.activity_at
            >= {{ earlier_of('windows.risk_window_start_at', 'windows.period_start') }}
            and windows.next_period_start > activity.activity_at
    group by windows.customer_id, windows.period_start
),

measured as (
    select
        windows.*,
        {%- for name, condition, since in counts %}
            cast(coalesce(activity_counts.{{ name }}, 0) as {{ dbt.type_bigint() }})
                as {{ name }},
        {%- endfor %}
        activity_counts.csat_score_total
    from windows
    left join activity_counts
        on windows.customer_id = activity_counts.customer_id
            and windows.period_start = activity_counts.period_start
),

history as (
    select
        measured.*,
        coalesce(sum(csat_responses_received) over (
            partition by customer_id
            order by period_start
            rows between unbounded preceding and 1 preceding
        ), 0) as previous_csat_responses_received,
        sum(csat_score_total) over (
            partition by customer_id
            order by period_start
            rows between unbounded preceding and 1 preceding
        ) as previous_csat_score_total
    from measured
),

signals as (
    select
        history.*,
        risk_window_inbound_tickets >= {{ var('churn_risk_min_contacts') }} as is_contact_risk,
        risk_window_escalations > 0 as is_escalation_risk,
        risk_window_low_csat_responses > 0 as is_low_csat_risk,
        {{ safe_ratio('csat_score_total', 'csat_responses_received') }} as csat_score_avg,
        {{ safe_ratio('previous_csat_score_total', 'previous_csat_responses_received') }}
            as previous_csat_score_avg
    from history
),

final as (
    select
        signals.customer_id,
        signals.period_start,
        {{ is_period_complete('month', 'signals.period_start', 'as_of.as_of_at') }}
            as is_period_complete,
        signals.next_period_start,
        signals.is_known_customer,
        signals.account_id,
        signals.segment,
        signals.plan,
        signals.mrr,
        signals.signed_up_at,
        signals.churned_at,
        signals.active_from_at,
        signals.is_active_at_period_start,
        signals.is_active_at_period_end,
        signals.is_churned_in_period,
        signals.tickets_created,
        signals.inbound_tickets_created,
        signals.repeat_contacts,
        {{ safe_ratio('signals.repeat_contacts', 'signals.inbound_tickets_created') }}
            as repeat_contact_rate,
        signals.tickets_first_escalated_in_month,
        signals.csat_responses_received,
        signals.csat_score_total,
        signals.csat_score_avg,
        cast(signals.previous_csat_responses_received as {{ dbt.type_bigint() }})
            as previous_csat_responses_received,
        signals.previous_csat_score_total,
        signals.previous_csat_score_avg,
        signals.csat_score_avg - signals.previous_csat_score_avg as csat_score_trend,
        signals.risk_window_start_at,
        signals.risk_window_inbound_tickets,
        signals.risk_window_escalations,
        signals.risk_window_low_csat_responses,
        signals.is_contact_risk,
        signals.is_escalation_risk,
        signals.is_low_csat_risk,
        signals.is_contact_risk or signals.is_escalation_risk or signals.is_low_csat_risk
            as has_churn_risk_signal,
        case
            when signals.mrr is null then null
            when signals.is_active_at_period_end
                and (
                    signals.is_contact_risk or signals.is_escalation_risk
                    or signals.is_low_csat_risk
                )
                then signals.mrr
            else 0
        end as mrr_at_risk,
        case
            when signals.mrr is null then null
            when signals.is_active_at_period_start and signals.is_churned_in_period
                then signals.mrr
            else 0
        end as mrr_churned,
        nullif(substr(
            case when signals.is_contact_risk then ', contacts' else '' end
            || case when signals.is_escalation_risk then ', escalation' else '' end
            || case when signals.is_low_csat_risk then ', low_csat' else '' end,
            3
        ), '') as churn_risk_reasons,
        case
            when not signals.is_known_customer or not signals.is_active_at_period_end then null
            when {{ dbt.dateadd('month', 2, 'signals.period_start') }} > as_of.as_of_at
                then null
            else coalesce({{ is_within('signals.churned_at', 'signals.next_period_start',
                dbt.dateadd('month', 1, 'signals.next_period_start')) }}, false)
        end as is_churned_next_period
    from signals
    cross join as_of
)

select * from final
