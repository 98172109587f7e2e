{#- One row per customer and calendar month (UTC) reported by the
    customer-health marts: every month from the first month of ticket data
    to the month of as_of (or of the last timestamp, when later) in which the
    customer was a customer, plus every month in which the customer had an
    activity (int_customer_activity), so no activity falls outside a row.
    A customer is a customer from active_from_at (signed_up_at; when that is
    unknown, its first ticket; when both are, since before the data) until
    churned_at. Customers from dim_customer, including ids seen on tickets
    but missing from the customers table (is_known_customer false). mrr:
    the customer's MRR (customers.mrr, one value: no history), null when
    unknown; is_active_in_period: a customer at some instant of the month
    (the months that bill its MRR). -#}
{%- set next_month = dbt.dateadd('month', 1, 'customer_months.period_start') -%}
with customers as (
    select * from {{ ref('dim_customer') }}
),

activity as (
    select * from {{ ref('int_customer_activity') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

days as (
    select date_day from {{ ref('int_calendar_days') }}
),

first_ticket as (
    select cast(min(activity_at) as date) as first_ticket_date
    from activity
    where activity_type = 'ticket'
),

months as (
    select distinct {{ period_start('month', 'days.date_day') }} as period_start
    from days
    cross join as_of
    cross join first_ticket
    where days.date_day >= first_ticket.first_ticket_date
        and days.date_day <= cast(
            {{ later_of('as_of.as_of_at', 'as_of.last_stamp_at') }} as date
        )
),

customer_spans as (
    select
        customer_id,
        is_known_customer,
        account_id,
        segment,
        plan,
        mrr,
        signed_up_at,
        churned_at,
        coalesce(signed_up_at, first_ticket_at) as active_from_at
    from customers
),

active_months as (
    select
        customer_spans.customer_id,
        months.period_start
    from customer_spans
    cross join months
    -- a customer at some instant of the month (null bounds: open-ended)
    where coalesce(
            customer_spans.active_from_at < {{ dbt.dateadd('month', 1, 'months.period_start') }},
            true
        )
        and coalesce(customer_spans.churned_at >= months.period_start, true)
),

activity_months as (
    select distinct
        customer_id,
        {{ period_start('month', 'activity_at') }} as period_start
    from activity
),

customer_months as (
    -- a month can be both active and with activity: union dedupes
    select * from active_months
    union
    select * from activity_months
),

bounded as (
    select
        customer_months.customer_id,
        customer_months.period_start,
        cast({{ next_month }} as {{ dbt.type_timestamp() }}) as next_period_start,
        customer_spans.is_known_customer,
        customer_spans.account_id,
        customer_spans.segment,
        customer_spans.plan,
        customer_spans.mrr,
        customer_spans.signed_up_at,
        customer_spans.churned_at,
        customer_spans.active_from_at
    from customer_months
    inner join customer_spans
        on customer_months.customer_id = customer_spans.customer_id
),

final as (
    select
        bounded.*,
        -- a customer at the instant: active from before it, not churned
        -- before it (null bounds: open-ended)
        coalesce(active_from_at < period_start, true)
        and coalesce(churned_at >= period_start, true) as is_active_at_period_start,
        coalesce(active_from_at < next_period_start, true)
        and coalesce(churned_at >= next_period_start, true) as is_active_at_period_end,
        coalesce({{ is_within('churned_at', 'period_start', 'next_period_start') }}, false)
            as is_churned_in_period,
        -- a customer at some instant of the month (null bounds: open-ended)
        coalesce(active_from_at < next_period_start, true)
        and coalesce(churned_at >= period_start, true) as is_active_in_period
    from bounded
)

select * from final
