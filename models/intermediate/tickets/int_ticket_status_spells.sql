{#- One row per status spell of each accepted ticket (metric_status_time):
    the ticket is new from created_at until its first status change, then in
    each change's to_status until the next change; the last spell runs until
    as_of. Every spell is clipped to [created_at, as_of] (a change stamped
    after as_of leaves a spell of no length), so spells never overlap and
    never run backwards. Calendar minutes, and business minutes of the
    ticket's schedule as differences of the business clock (null without a
    schedule). changed_at is the instant of the change that opened the spell
    (created_at for the first), before clipping: the status in force at an
    instant is that of the last spell changed at or before it. A last spell
    in solved or closed has no end and no minutes (it counts for nothing).
    Moves with as_of for a ticket still open: int_ticket_scope recomputes
    those tickets when as_of moves. -#}
{#- dbt cannot see this read: ticket_scope_filter() reads int_ticket_scope
    on incremental runs only -#}
-- depends_on: {{ ref('int_ticket_scope') }}
with timings as (
    select
        ticket_id,
        created_at,
        business_schedule_id
    from {{ ref('int_ticket_timings') }}
    where {{ ticket_scope_filter() }}
),

history as (
    select
        ticket_id,
        status_sequence,
        event_at,
        to_status,
        valid_to
    from {{ ref('int_ticket_status_history') }}
    where {{ ticket_scope_filter() }}
),

as_of as (
    select as_of_at from {{ ref('int_as_of') }}
),

first_changes as (
    select
        ticket_id,
        min(event_at) as first_change_at
    from history
    group by ticket_id
),

spells as (
    -- new from creation until the first status change
    select
        timings.ticket_id,
        cast(0 as {{ dbt.type_bigint() }}) as spell_sequence,
        'new' as status,
        timings.created_at as changed_at,
        timings.created_at as raw_started_at,
        first_changes.first_change_at as raw_ended_at
    from timings
    left join first_changes
        on timings.ticket_id = first_changes.ticket_id
    union all
    select
        ticket_id,
        status_sequence as spell_sequence,
        to_status as status,
        event_at as changed_at,
        event_at as raw_started_at,
        valid_to as raw_ended_at
    from history
),

bounded as (
    -- clipped to [created_at, as_of]; a spell still open ends at as_of,
    -- except a last spell in solved or closed: it counts for nothing and has
    -- no end (so a ticket solved long ago keeps the same rows as as_of moves)
    select
        spells.ticket_id,
        spells.spell_sequence,
        spells.status,
        spells.changed_at,
        timings.business_schedule_id,
        {{ earlier_of(later_of('spells.raw_started_at', 'timings.created_at'), 'as_of.as_of_at') }}
            as started_at,
        case
            when spells.raw_ended_at is null and spells.status in ('solved', 'closed') then null
            else {{ earlier_of(later_of('coalesce(spells.raw_ended_at, as_of.as_of_at)',
                'timings.created_at'), 'as_of.as_of_at') }}
        end as capped_ended_at
    from spells
    inner join timings
        on spells.ticket_id = timings.ticket_id
    cross join as_of
),

clipped as (
    select
        ticket_id,
        spell_sequence,
        status,
        changed_at,
        business_schedule_id,
        started_at,
        case
            when capped_ended_at is not null then {{ later_of('capped_ended_at', 'started_at') }}
        end
            as ended_at
    from bounded
),

points as (
    select
        ticket_id as point_id,
        'start:' || cast(spell_sequence as {{ dbt.type_string() }}) as point_name,
        business_schedule_id as schedule_id,
        started_at as point_at
    from clipped
    where business_schedule_id is not null
    union all
    select
        ticket_id as point_id,
        'end:' || cast(spell_sequence as {{ dbt.type_string() }}) as point_name,
        business_schedule_id as schedule_id,
        ended_at as point_at
    from clipped
    where business_schedule_id is not null and ended_at is not null
),

clock as (
    {{ business_clock('points') }}
),

final as (
    select
        clipped.ticket_id,
        clipped.spell_sequence,
        clipped.status,
        clipped.changed_at,
        clipped.started_at,
        clipped.ended_at,
        {{ seconds_between('clipped.started_at', 'clipped.ended_at') }} / 60.0 as spell_minutes,
        end_clock.business_clock_minutes - start_clock.business_clock_minutes
            as spell_business_minutes,
        -- the same in whole microseconds: sums of them do not depend on the
        -- order the engine adds them in (double sums do, in the last bit)
        cast(
            round({{ seconds_between('clipped.started_at', 'clipped.ended_at') }} * 1000000)
            as {{ dbt.type_bigint() }}
        ) as spell_microseconds,
        cast(round(
            (end_clock.business_clock_minutes - start_clock.business_clock_minutes)
            * 60000000
        ) as {{ dbt.type_bigint() }}) as spell_business_microseconds,
        -- the business clock at both ends (business_clock): the SLA clocks
        -- find business instants from them
        start_clock.business_clock_minutes as started_business_clock,
        end_clock.business_clock_minutes as ended_business_clock
    from clipped
    left join clock as start_clock
        on clipped.ticket_id = start_clock.point_id
            and start_clock.point_name
            = 'start:' || cast(clipped.spell_sequence as {{ dbt.type_string() }})
    left join clock as end_clock
        on clipped.ticket_id = end_clock.point_id
            and end_clock.point_name
            = 'end:' || cast(clipped.spell_sequence as {{ dbt.type_string() }})
)

select * from final
