{#- One row per accepted ticket still waiting at as_of (inbound without a
    first response, or not yet resolved) that has a business schedule: the
    business minutes from its creation to as_of, which the SLA verdicts of a
    waiting ticket read. Apart from int_ticket_business_minutes because it
    moves with as_of: a view, computed afresh by every run for the tickets
    fact_ticket recomputes. -#}
with timings as (
    select
        ticket_id,
        business_schedule_id,
        created_at
    from {{ ref('int_ticket_timings') }}
    where business_schedule_id is not null
        and ((is_inbound and first_response_at is null) or first_resolved_at is null)
),

as_of as (
    select as_of_at from {{ ref('int_as_of') }}
),

points as (
    select
        timings.ticket_id as point_id,
        'created' as point_name,
        timings.business_schedule_id as schedule_id,
        timings.created_at as point_at
    from timings
    cross join as_of
    where timings.created_at <= as_of.as_of_at
    union all
    select
        timings.ticket_id as point_id,
        'as_of' as point_name,
        timings.business_schedule_id as schedule_id,
        as_of.as_of_at as point_at
    from timings
    cross join as_of
    where timings.created_at <= as_of.as_of_at
),

clock as (
    {{ business_clock('points') }}
),

final as (
    select
        point_id as ticket_id,
        max(case when point_name = 'as_of' then business_clock_minutes end)
        - max(case when point_name = 'created' then business_clock_minutes end)
            as business_minutes_to_as_of
    from clock
    group by point_id
)

select * from final
