-- Where does routing miss? Teams and categories whose first-assignment
-- accuracy was below var first_assignment_accuracy_target in the last full
-- month, with the reassignments behind it.
with routing as (
    select * from {{ ref('mart_routing_accuracy') }}
    where period_grain = 'month'
),

last_full_month as (
    select max(period_month) as period_month
    from routing
    where period_month < (
            select cast({{ dbt.date_trunc('month', 'as_of_at') }} as date)
            from {{ ref('int_as_of') }}
        )
)

select
    routing.dimension_name,
    routing.dimension_value,
    routing.tickets_assigned,
    routing.tickets_resolved_by_first_assignee,
    routing.first_assignment_accuracy,
    routing.first_assignment_accuracy_target,
    routing.reassignments,
    routing.tickets_reassigned,
    routing.avg_assignments
from routing
inner join last_full_month
    on routing.period_month = last_full_month.period_month
where routing.is_below_target
order by routing.first_assignment_accuracy
