-- The marts add up to the facts: over all periods, the overall slice counts
-- every ticket created, resolved and first resolved exactly once, and each
-- slice adds up to the overall one.
with facts as (
    select
        count(*) as tickets_created,
        count(resolved_at) as tickets_resolved,
        count(first_resolved_at) as tickets_first_resolved
    from {{ ref('fact_ticket') }}
),

{%- for grain in ['daily', 'weekly', 'monthly'] %}

    {{ grain }}_totals as (
        select
            '{{ grain }}' as grain,
            slice_name,
            sum(tickets_created) as tickets_created,
            sum(tickets_resolved) as tickets_resolved,
            sum(tickets_first_resolved) as tickets_first_resolved
        from {{ ref('mart_ticket_kpis_' ~ grain) }}
        group by slice_name
    ),
{%- endfor %}

totals as (
    select * from daily_totals
    union all
    select * from weekly_totals
    union all
    select * from monthly_totals
)

select
    totals.*,
    facts.tickets_created as fact_tickets_created
from totals
cross join facts
where totals.tickets_created <> facts.tickets_created
    or totals.tickets_resolved <> facts.tickets_resolved
    or totals.tickets_first_resolved <> facts.tickets_first_resolved
