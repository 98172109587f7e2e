{#- One row per calendar month (UTC) and slice: overall, segment, plan or
    segment_plan ('all' for a rolled-up column, 'unknown' for a null, e.g. a
    customer missing from the customers table). From the customer months of
    mart_customer_cost_to_serve_monthly, plus the tickets without a
    customer (slice unknown), so that the overall cost_to_serve of a month
    is its whole support_cost_total:
    - active_customers: customers at some instant of the month;
      customers_served: customers with a ticket created in it;
    - tickets_created, cost_to_serve (docs block metric_cost_to_serve; null
      for a month without cost rows), mrr (the MRR billed in the month, null
      when no customer of the row has a known MRR) and
      cost_to_serve_mrr_ratio = cost_to_serve / mrr.
    is_period_complete: the month has ended at as_of. -#}
with customer_months as (
    select
        period_start,
        coalesce(segment, 'unknown') as segment,
        coalesce(plan, 'unknown') as plan,
        true as is_customer,
        is_active_in_period,
        tickets_created,
        cost_to_serve,
        mrr
    from {{ ref('mart_customer_cost_to_serve_monthly') }}
),

unattributed as (
    -- tickets without a customer: their costs belong to no customer month
    select
        period_start,
        'unknown' as segment,
        'unknown' as plan,
        false as is_customer,
        false as is_active_in_period,
        cast(count(*) as {{ dbt.type_bigint() }}) as tickets_created,
        sum(allocated_support_cost) as cost_to_serve,
        cast(null as {{ type_double() }}) as mrr
    from {{ ref('int_ticket_support_cost_allocation') }}
    where customer_id is null
    group by period_start
),

as_of as (
    select as_of_at from {{ ref('int_as_of') }}
),

rows_to_sum as (
    select * from customer_months
    union all
    select * from unattributed
),

grouped as (
    select
        period_start,
        segment,
        plan,
        count(case when is_active_in_period then 1 end) as active_customers,
        count(case when is_customer and tickets_created > 0 then 1 end) as customers_served,
        sum(tickets_created) as tickets_created,
        sum(cost_to_serve) as cost_to_serve,
        {{ sum_of_known('mrr') }} as mrr
    from rows_to_sum
    -- every combination of segment and plan, each kept or rolled up (the
    -- rows rolled up over the months are dropped below: months only)
    group by cube(period_start, segment, plan)
),

final as (
    -- segment and plan are never null in the input (coalesced): a null here
    -- marks a rolled-up column
    select
        {{ cube_slice_labels('segment', 'plan') }},
        {{ is_period_complete('month', 'grouped.period_start', 'as_of.as_of_at') }}
            as is_period_complete,
        grouped.active_customers,
        grouped.customers_served,
        cast(grouped.tickets_created as {{ dbt.type_bigint() }}) as tickets_created,
        grouped.cost_to_serve,
        grouped.mrr,
        {{ safe_ratio('grouped.cost_to_serve', 'grouped.mrr') }} as cost_to_serve_mrr_ratio
    from grouped
    cross join as_of
    where grouped.period_start is not null
)

select * from final
