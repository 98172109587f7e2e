-- The routing accuracy mart adds up to fact_ticket: in each period grain,
-- every dimension's rows count each resolved ticket, each assigned one, each
-- one resolved by its first assignee and each assignment exactly once.
with facts as (
    select
        count(*) as tickets_resolved,
        count(is_resolved_by_first_assignee) as tickets_assigned,
        count(case when is_resolved_by_first_assignee then 1 end)
            as tickets_resolved_by_first_assignee,
        coalesce(sum(case
            when is_resolved_by_first_assignee is not null then assignment_count
        end), 0) as assignments
    from {{ ref('fact_ticket') }}
    where resolved_at is not null
),

dimension_totals as (
    select
        period_grain,
        dimension_name,
        sum(tickets_resolved) as tickets_resolved,
        sum(tickets_assigned) as tickets_assigned,
        sum(tickets_resolved_by_first_assignee) as tickets_resolved_by_first_assignee,
        sum(assignments) as assignments
    from {{ ref('mart_routing_accuracy') }}
    group by period_grain, dimension_name
),

grains as (
    select 'month' as period_grain
    union all
    select 'all_time' as period_grain
),

dimensions as (
    {%- for dimension in ['overall', 'category', 'team'] %}
        {% if not loop.first %}union all{% endif %}
        select '{{ dimension }}' as dimension_name
    {%- endfor %}
),

final as (
    select
        grains.period_grain,
        dimensions.dimension_name,
        dimension_totals.tickets_resolved,
        facts.tickets_resolved as fact_tickets_resolved
    from grains
    cross join dimensions
    cross join facts
    left join dimension_totals
        on grains.period_grain = dimension_totals.period_grain
            and dimensions.dimension_name = dimension_totals.dimension_name
    where coalesce(dimension_totals.tickets_resolved, 0) <> facts.tickets_resolved
        or coalesce(dimension_totals.tickets_assigned, 0) <> facts.tickets_assigned
        or coalesce(dimension_totals.tickets_resolved_by_first_assignee, 0)
        <> facts.tickets_resolved_by_first_assignee
        or coalesce(dimension_totals.assignments, 0) <> facts.assignments
)

select * from final
