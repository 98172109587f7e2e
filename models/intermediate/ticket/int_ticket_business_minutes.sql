{#- One row per accepted ticket: first response and resolution time in
    business minutes of the ticket's schedule (holidays excluded, DST-aware),
    and, for tickets still waiting, up to as_of, as differences of the business clock (see macro business_clock). Null when
    the ticket has no known schedule or the end instant is missing. -#}
with timings as (
    select * from {{ ref('int_ticket_timings') }}
),

as_of as (
    select as_of_at from {{ ref('int_as_of') }}
),

points as (
    select
        ticket_id || '|created' as point_id,
        business_schedule_id as schedule_id,
        created_at as point_at
    from timings
    where business_schedule_id is not null
    union all
    select
        ticket_id || '|first_response' as point_id,
        business_schedule_id as schedule_id,
        first_response_at as point_at
    from timings
    where business_schedule_id is not null and first_response_at is not null
    union all
    select
        ticket_id || '|first_resolved' as point_id,
        business_schedule_id as schedule_id,
        first_resolved_at as point_at
    from timings
    where business_schedule_id is not null and first_resolved_at is not null
    union all
    select
        ticket_id || '|resolved' as point_id,
        business_schedule_id as schedule_id,
        resolved_at as point_at
    from timings
    where business_schedule_id is not null and resolved_at is not null
    union all
    select
        timings.ticket_id || '|as_of' as point_id,
        timings.business_schedule_id as schedule_id,
        as_of.as_of_at as point_at
    from timings
    cross join as_of
    where timings.business_schedule_id is not null
        and (timings.first_response_at is null or timings.first_resolved_at is null)
        and timings.created_at <= as_of.as_of_at
),

clock as (
    {{ business_clock('points') }}
),

final as (
    select
        timings.ticket_id,
        first_response.business_clock_minutes - created.business_clock_minutes
            as first_response_business_minutes,
        first_resolved.business_clock_minutes - created.business_clock_minutes
            as first_resolution_business_minutes,
        resolved.business_clock_minutes - created.business_clock_minutes
            as resolution_business_minutes,
        open_until_as_of.business_clock_minutes - created.business_clock_minutes
            as business_minutes_to_as_of
    from timings
    left join clock as created
        on timings.ticket_id || '|created' = created.point_id
    left join clock as first_response
        on timings.ticket_id || '|first_response' = first_response.point_id
    left join clock as first_resolved
        on timings.ticket_id || '|first_resolved' = first_resolved.point_id
    left join clock as resolved
        on timings.ticket_id || '|resolved' = resolved.point_id
    left join clock as open_until_as_of
        on timings.ticket_id || '|as_of' = open_until_as_of.point_id
)

select * from final
