{#- One row per accepted ticket: first response and resolution time in
    business minutes of the ticket's schedule (holidays excluded, DST-aware),
    as differences of the business clock (see macro business_clock). Null when
    the ticket has no known schedule or the end instant is missing. Nothing
    here depends on as_of, so an incremental run recomputes a ticket only
    when its data changes. -#}
{#- dbt cannot see this read: ticket_scope_filter() reads int_ticket_scope
    on incremental runs only -#}
-- depends_on: {{ ref('int_ticket_scope') }}
with timings as (
    select * from {{ ref('int_ticket_timings') }}
    where {{ ticket_scope_filter() }}
),

points as (
    select
        ticket_id as point_id,
        'created' as point_name,
        business_schedule_id as schedule_id,
        created_at as point_at
    from timings
    where business_schedule_id is not null
    union all
    select
        ticket_id as point_id,
        'first_response' as point_name,
        business_schedule_id as schedule_id,
        first_response_at as point_at
    from timings
    where business_schedule_id is not null and first_response_at is not null
    union all
    select
        ticket_id as point_id,
        'first_resolved' as point_name,
        business_schedule_id as schedule_id,
        first_resolved_at as point_at
    from timings
    where business_schedule_id is not null and first_resolved_at is not null
    union all
    select
        ticket_id as point_id,
        'resolved' as point_name,
        business_schedule_id as schedule_id,
        resolved_at as point_at
    from timings
    where business_schedule_id is not null and resolved_at is not null
),

clock as (
    {{ business_clock('points') }}
),

clock_by_ticket as (
    select
        point_id as ticket_id,
        max(case when point_name = 'created' then business_clock_minutes end) as created_clock,
        max(case when point_name = 'first_response' then business_clock_minutes end)
            as first_response_clock,
        max(case when point_name = 'first_resolved' then business_clock_minutes end)
            as first_resolved_clock,
        max(case when point_name = 'resolved' then business_clock_minutes end) as resolved_clock
    from clock
    group by point_id
),

final as (
    select
        timings.ticket_id,
        clock_by_ticket.first_response_clock - clock_by_ticket.created_clock
            as first_response_business_minutes,
        clock_by_ticket.first_resolved_clock - clock_by_ticket.created_clock
            as first_resolution_business_minutes,
        clock_by_ticket.resolved_clock - clock_by_ticket.created_clock
            as resolution_business_minutes
    from timings
    left join clock_by_ticket
        on timings.ticket_id = clock_by_ticket.ticket_id
)

select * from final
