{#- One row per ticket (fact_ticket): its share of the support costs of the
    month it was created in (UTC; the cost-per-ticket cohort of
    mart_support_costs_monthly), docs block metric_cost_to_serve:
    - allocation_method handle_time: the month's tickets have handle time;
      each gets handle_seconds / the month's total (a ticket without handle
      time gets none);
    - allocation_method ticket_count: they have none at all (no work
      sessions or calls): each gets 1 / the month's tickets.
    allocated_support_cost = support_cost_total x allocation_share: the
    month's allocations add up to its support_cost_total; null for a month
    without cost rows. -#}
with tickets as (
    select
        ticket_id,
        customer_id,
        {{ period_start('month', 'created_at') }} as period_start,
        handle_seconds
    from {{ ref('fact_ticket') }}
),

costs as (
    -- another mart of this area, on purpose: the costs allocated are the
    -- month's support_cost_total that cost_per_ticket divides, not a second sum
    select
        period_start,
        support_cost_total
    from {{ ref('mart_support_costs_monthly') }}
),

months as (
    select
        period_start,
        count(*) as tickets_created,
        sum(coalesce(handle_seconds, 0)) as handle_seconds_total
    from tickets
    group by period_start
),

shares as (
    select
        tickets.ticket_id,
        tickets.customer_id,
        tickets.period_start,
        tickets.handle_seconds,
        case
            when months.handle_seconds_total > 0 then 'handle_time'
            else 'ticket_count'
        end as allocation_method,
        case
            when months.handle_seconds_total > 0
                then {{ safe_ratio('coalesce(tickets.handle_seconds, 0)',
                    'months.handle_seconds_total') }}
            else {{ safe_ratio('1', 'months.tickets_created') }}
        end as allocation_share
    from tickets
    inner join months
        on tickets.period_start = months.period_start
),

final as (
    select
        shares.ticket_id,
        shares.customer_id,
        shares.period_start,
        shares.handle_seconds,
        shares.allocation_method,
        shares.allocation_share,
        costs.support_cost_total * shares.allocation_share as allocated_support_cost
    from shares
    left join costs
        on shares.period_start = costs.period_start
)

select * from final
