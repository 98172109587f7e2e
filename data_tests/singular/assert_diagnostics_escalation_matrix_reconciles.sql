-- The escalation matrix adds up to fact_ticket: in each period grain, the
-- 'all' reason rows count every ticket created, every escalated ticket and
-- every escalation exactly once, per category too; and in every cell the
-- reasons' first escalations add up to the cell's escalated tickets and the
-- reasons' escalations to the cell's escalations.
with facts as (
    select
        coalesce(category, 'unknown') as category,
        count(*) as tickets_created,
        count(case when is_escalated then 1 end) as escalated_tickets,
        sum(escalation_count) as escalations
    from {{ ref('fact_ticket') }}
    group by coalesce(category, 'unknown')
),

matrix as (
    select * from {{ ref('mart_escalation_matrix') }}
),

category_totals as (
    select
        period_grain,
        category,
        sum(tickets_created) as tickets_created,
        sum(escalated_tickets) as escalated_tickets,
        sum(escalations) as escalations
    from matrix
    where escalation_reason = 'all'
    group by period_grain, category
),

grains as (
    select 'month' as period_grain
    union all
    select 'all_time' as period_grain
),

category_mismatches as (
    select
        grains.period_grain,
        facts.category,
        'category totals differ from fact_ticket' as problem
    from facts
    cross join grains
    left join category_totals
        on grains.period_grain = category_totals.period_grain
            and facts.category = category_totals.category
    where category_totals.category is null
        or category_totals.tickets_created <> facts.tickets_created
        or category_totals.escalated_tickets <> facts.escalated_tickets
        or category_totals.escalations <> facts.escalations
),

reason_sums as (
    select
        period_grain,
        period_month,
        category,
        agent_tenure_band,
        sum(case when escalation_reason = 'all' then escalated_tickets end)
            as escalated_tickets,
        sum(case when escalation_reason <> 'all' then tickets_first_escalated end)
            as reasons_first_escalated,
        sum(case when escalation_reason = 'all' then escalations end) as escalations,
        sum(case when escalation_reason <> 'all' then escalations end) as reasons_escalations
    from matrix
    group by period_grain, period_month, category, agent_tenure_band
),

cell_mismatches as (
    select
        period_grain,
        category,
        'reason rows do not add up to the cell' as problem
    from reason_sums
    where reasons_first_escalated <> escalated_tickets
        or reasons_escalations <> escalations
),

final as (
    select * from category_mismatches
    union all
    select * from cell_mismatches
)

select * from final
