{#- One row per customer and calendar month (UTC) of int_customer_months
    (every month the customer was a customer, plus any month with activity):
    - tickets_created, handle_seconds_total: the customer's tickets created
      in the month (the cost-per-ticket cohort) and their handle time;
    - cost_to_serve: the month's support costs allocated to those tickets
      (int_ticket_support_cost_allocation, docs block metric_cost_to_serve),
      0 without tickets, null when the month has no cost rows (or no
      ticket to carry them);
    - mrr: the MRR billed in the month, the customer's MRR (customers.mrr)
      when it was a customer at some instant of the month, else 0; null when
      unknown;
    - cost_to_serve_mrr_ratio = cost_to_serve / mrr (null when mrr is 0 or
      null).
    is_period_complete: the month has ended at as_of. -#}
with customer_months as (
    select * from {{ ref('int_customer_months') }}
),

allocation as (
    select * from {{ ref('int_ticket_support_cost_allocation') }}
),

as_of as (
    select as_of_at from {{ ref('int_as_of') }}
),

costed_months as (
    -- the months with cost rows (a month without them has no cost to serve)
    select distinct period_start
    from allocation
    where allocated_support_cost is not null
),

customer_costs as (
    select
        customer_id,
        period_start,
        count(*) as tickets_created,
        sum(handle_seconds) as handle_seconds_total,
        sum(allocated_support_cost) as cost_to_serve
    from allocation
    where customer_id is not null
    group by customer_id, period_start
),

measured as (
    select
        customer_months.customer_id,
        customer_months.period_start,
        customer_months.is_known_customer,
        customer_months.account_id,
        customer_months.segment,
        customer_months.plan,
        customer_months.is_active_in_period,
        cast(coalesce(customer_costs.tickets_created, 0) as {{ dbt.type_bigint() }})
            as tickets_created,
        customer_costs.handle_seconds_total,
        case
            when costed_months.period_start is not null
                then coalesce(customer_costs.cost_to_serve, 0)
        end as cost_to_serve,
        case
            when customer_months.mrr is null then null
            when customer_months.is_active_in_period then customer_months.mrr
            else 0
        end as mrr
    from customer_months
    left join customer_costs
        on customer_months.customer_id = customer_costs.customer_id
            and customer_months.period_start = customer_costs.period_start
    left join costed_months
        on customer_months.period_start = costed_months.period_start
),

final as (
    select
        measured.customer_id,
        measured.period_start,
        {{ is_period_complete('month', 'measured.period_start', 'as_of.as_of_at') }}
            as is_period_complete,
        measured.is_known_customer,
        measured.account_id,
        measured.segment,
        measured.plan,
        measured.is_active_in_period,
        measured.tickets_created,
        measured.handle_seconds_total,
        measured.cost_to_serve,
        measured.mrr,
        {{ safe_ratio('measured.cost_to_serve', 'measured.mrr') }} as cost_to_serve_mrr_ratio
    from measured
    cross join as_of
)

select * from final
