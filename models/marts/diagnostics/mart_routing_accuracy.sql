{#- One row per period, dimension_name and dimension_value: first-assignment
    accuracy (SPEC section 2: tickets resolved by their first assignee /
    resolved tickets, over tickets assigned at least once) and how much
    reassignment the routing causes.
    - Cohort: tickets resolved (resolved_at, the last resolution of a ticket
      now solved or closed) in the period (period_grain month, or all_time
      with period_month null).
    - dimension_name (int_ticket_diagnostic_slices): overall ('all'),
      category (current category), team (the team of the first assignee;
      'unknown' for an agent missing from the agents table, 'unassigned' for
      tickets never assigned, which count only in tickets_resolved).
    - Reassignment columns count the assigned resolved tickets:
      reassignments = sum(assignment_count - 1), tickets_reassigned = tickets
      with more than one assignment, avg_assignments = assignments /
      tickets_assigned.
    - is_below_target: accuracy below var first_assignment_accuracy_target
      (null when nothing was measured).
    - is_period_complete: the month has ended at as_of (null on all_time). -#}
with tickets as (
    select * from {{ ref('fact_ticket') }}
    where resolved_at is not null
),

slices as (
    select * from {{ ref('int_ticket_diagnostic_slices') }}
    where dimension_name in ('overall', 'category', 'team')
),

as_of as (
    select as_of_at from {{ ref('int_as_of') }}
),

measured as (
    select
        slices.dimension_name,
        slices.dimension_value,
        {{ period_start('month', 'tickets.resolved_at') }} as period_month,
        tickets.is_resolved_by_first_assignee,
        tickets.assignment_count
    from tickets
    inner join slices
        on tickets.ticket_id = slices.ticket_id
),

aggregated as (
    select
        dimension_name,
        dimension_value,
        period_month,
        case when grouping(period_month) = 1 then 'all_time' else 'month' end as period_grain,
        count(*) as tickets_resolved,
        count(is_resolved_by_first_assignee) as tickets_assigned,
        count(case when is_resolved_by_first_assignee then 1 end)
            as tickets_resolved_by_first_assignee,
        -- a resolved ticket is assigned (is_resolved_by_first_assignee not
        -- null) exactly when assignment_count > 0
        cast(sum(assignment_count) as {{ dbt.type_bigint() }}) as assignments,
        count(case when assignment_count > 1 then 1 end) as tickets_reassigned
    from measured
    group by dimension_name, dimension_value, cube(period_month)
),

flagged as (
    -- whether the month has ended; null on the all_time rows
    select
        aggregated.*,
        {{ is_period_complete('month', 'aggregated.period_month', 'as_of.as_of_at') }}
            as is_period_complete
    from aggregated
    cross join as_of
),

final as (
    select
        period_grain,
        period_month,
        is_period_complete,
        dimension_name,
        dimension_value,
        tickets_resolved,
        tickets_assigned,
        tickets_resolved_by_first_assignee,
        {{ safe_ratio('tickets_resolved_by_first_assignee', 'tickets_assigned') }}
            as first_assignment_accuracy,
        cast({{ var('first_assignment_accuracy_target') }} as {{ type_double() }})
            as first_assignment_accuracy_target,
        {{ safe_ratio('tickets_resolved_by_first_assignee', 'tickets_assigned') }}
        < {{ var('first_assignment_accuracy_target') }} as is_below_target,
        assignments,
        assignments - tickets_assigned as reassignments,
        tickets_reassigned,
        {{ safe_ratio('tickets_reassigned', 'tickets_assigned') }} as reassignment_rate,
        {{ safe_ratio('assignments', 'tickets_assigned') }} as avg_assignments
    from flagged
)

select * from final
