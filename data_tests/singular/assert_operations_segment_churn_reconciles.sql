-- mart_customer_segment_churn agrees with the customers: per month, the
-- overall row counts the customers of dim_customer (customers table) active
-- at the month's start (signed up before it, else first ticket before it; not
-- churned before it) and those of them who churned during the month, counted
-- here straight from dim_customer; each of the segment, plan and
-- segment_plan slices adds up to the overall row; and the 'all' overall row
-- pools the months.
with customers as (
    select
        customer_id,
        coalesce(signed_up_at, first_ticket_at) as active_from_at,
        churned_at
    from {{ ref('dim_customer') }}
    where is_known_customer
),

churn as (
    select * from {{ ref('mart_customer_segment_churn') }}
),

months as (
    select distinct
        period_start,
        cast({{ dbt.dateadd('month', 1, 'period_start') }} as {{ dbt.type_timestamp() }})
            as next_period_start
    from churn
    where period_grain = 'month'
),

expected as (
    select
        months.period_start,
        count(case
            when coalesce(customers.active_from_at < months.period_start, true)
                and coalesce(customers.churned_at >= months.period_start, true)
                then 1
        end) as customers_at_start,
        count(case
            when coalesce(customers.active_from_at < months.period_start, true)
                and {{ is_within('customers.churned_at', 'months.period_start',
                    'months.next_period_start') }}
                then 1
        end) as customers_churned
    from months
    cross join customers
    group by months.period_start
),

slices as (
    select
        period_grain,
        period_start,
        slice_name,
        sum(customers_at_start) as customers_at_start,
        sum(customers_churned) as customers_churned,
        sum(customers_with_outcome) as customers_with_outcome,
        sum(customers_churned_next_period) as customers_churned_next_period
    from churn
    group by period_grain, period_start, slice_name
),

overall as (
    select * from slices
    where slice_name = 'overall'
),

pooled as (
    select
        sum(customers_at_start) as customers_at_start,
        sum(customers_churned) as customers_churned,
        sum(customers_with_outcome) as customers_with_outcome
    from overall
    where period_grain = 'month'
),

mismatches as (
    select
        'month vs dim_customer' as check_name,
        expected.period_start,
        overall.customers_at_start,
        expected.customers_at_start as expected_customers_at_start
    from expected
    left join overall
        on expected.period_start = overall.period_start
            and overall.period_grain = 'month'
    where overall.customers_at_start is distinct from expected.customers_at_start
        or overall.customers_churned is distinct from expected.customers_churned

    union all

    select
        'slice ' || slices.slice_name || ' vs overall' as check_name,
        slices.period_start,
        slices.customers_at_start,
        overall.customers_at_start as expected_customers_at_start
    from slices
    inner join overall
        on slices.period_grain = overall.period_grain
            and (
                slices.period_start = overall.period_start
                or (slices.period_start is null and overall.period_start is null)
            )
    where slices.customers_at_start <> overall.customers_at_start
        or slices.customers_churned <> overall.customers_churned
        or slices.customers_with_outcome <> overall.customers_with_outcome
        or slices.customers_churned_next_period <> overall.customers_churned_next_period

    union all

    select
        'all vs sum of months' as check_name,
        cast(null as date) as period_start,
        overall.customers_at_start,
        pooled.customers_at_start as expected_customers_at_start
    from overall
    cross join pooled
    where overall.period_grain = 'all'
        and (
            overall.customers_at_start <> pooled.customers_at_start
            or overall.customers_churned <> pooled.customers_churned
            or overall.customers_with_outcome <> pooled.customers_with_outcome
        )
)

select * from mismatches
