{#- One row per month: agent headcount and attrition (terminations in the
    month / average of the headcount at the month's start and end, human
    agents only), and customer retention and churn (customers signed up
    before the month and not churned at its start; signed_up_churn_rate =
    those who churned during the month / customers at start;
    signed_up_retention_rate = 1 - churn). The calendar's months run past
    as_of (calendar padding): is_period_complete says whether the month has
    ended at as_of. -#}
with agents as (
    select * from {{ ref('dim_agent') }}
    where is_known_agent and not is_bot
),

customers as (
    select * from {{ ref('dim_customer') }}
    where is_known_customer
),

months as (
    select distinct
        month_start_date as period_start,
        {{ dbt.dateadd('month', 1, 'month_start_date') }} as next_period_start
    from {{ ref('dim_date') }}
),

as_of as (
    select as_of_at from {{ ref('int_as_of') }}
),

headcount as (
    select
        months.period_start,
        count(case
            when {{ is_active_at('agents.hired_at', 'agents.terminated_at',
                'months.period_start') }} then 1
        end) as headcount_at_start,
        count(case
            when {{ is_active_at('agents.hired_at', 'agents.terminated_at',
                'months.next_period_start') }} then 1
        end) as headcount_at_end,
        count(case
            when {{ is_within('agents.terminated_at', 'months.period_start',
                'months.next_period_start') }} then 1
        end) as agents_terminated,
        count(case
            when {{ is_within('agents.hired_at', 'months.period_start',
                'months.next_period_start') }} then 1
        end) as agents_hired
    from months
    cross join agents
    group by months.period_start
),

customer_base as (
    select
        months.period_start,
        count(case
            when {{ is_active_at('customers.signed_up_at', 'customers.churned_at',
                'months.period_start') }} then 1
        end) as customers_at_start,
        count(case
            when
                {{ is_active_at('customers.signed_up_at', 'customers.churned_at',
                'months.period_start') }}
                and {{ is_within('customers.churned_at', 'months.period_start',
                    'months.next_period_start') }} then 1
        end) as customers_churned,
        count(case
            when {{ is_within('customers.signed_up_at', 'months.period_start',
                'months.next_period_start') }} then 1
        end) as customers_signed_up
    from months
    cross join customers
    group by months.period_start
),

final as (
    select
        months.period_start,
        {{ is_period_complete('month', 'months.period_start', 'as_of.as_of_at') }}
            as is_period_complete,
        coalesce(headcount.headcount_at_start, 0) as headcount_at_start,
        coalesce(headcount.headcount_at_end, 0) as headcount_at_end,
        coalesce(headcount.agents_hired, 0) as agents_hired,
        coalesce(headcount.agents_terminated, 0) as agents_terminated,
        {{ safe_ratio('headcount.agents_terminated',
            '(headcount.headcount_at_start + headcount.headcount_at_end) / 2.0') }}
            as attrition_rate,
        coalesce(customer_base.customers_at_start, 0) as customers_at_start,
        coalesce(customer_base.customers_signed_up, 0) as customers_signed_up,
        coalesce(customer_base.customers_churned, 0) as customers_churned,
        {{ safe_ratio('customer_base.customers_churned', 'customer_base.customers_at_start') }}
            as signed_up_churn_rate,
        1 - {{ safe_ratio('customer_base.customers_churned', 'customer_base.customers_at_start') }}
            as signed_up_retention_rate
    from months
    left join headcount
        on months.period_start = headcount.period_start
    left join customer_base
        on months.period_start = customer_base.period_start
    cross join as_of
)

select * from final
