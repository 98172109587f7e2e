{#- One row per accepted ticket: the ticket lifecycle of SPEC section 2 in
    the vocabulary of Zendesk's duration metrics (docs blocks
    metric_status_time, metric_requester_wait, metric_agent_wait,
    metric_assignment_time, metric_ticket_age, metric_ticket_reply_minutes):
    time in each status from int_ticket_status_spells (calendar and business
    minutes; 0 for a status never held, business null without a schedule),
    the waits they add up to, assignment times, the age of a ticket open at
    as_of, and reply minutes from int_ticket_reply_waits. Moves with as_of
    for a ticket still open: int_ticket_scope recomputes those tickets when
    as_of moves. -#}
{%- set statuses = ['new', 'open', 'pending', 'on_hold'] -%}
{#- dbt cannot see this read: ticket_scope_filter() reads int_ticket_scope
    on incremental runs only -#}
-- depends_on: {{ ref('int_ticket_scope') }}
with timings as (
    select
        ticket_id,
        created_at,
        business_schedule_id,
        resolved_at,
        first_assigned_at
    from {{ ref('int_ticket_timings') }}
    where {{ ticket_scope_filter() }}
),

spells as (
    select * from {{ ref('int_ticket_status_spells') }}
    where {{ ticket_scope_filter() }}
),

reply_waits as (
    select * from {{ ref('int_ticket_reply_waits') }}
    where {{ ticket_scope_filter() }}
),

as_of as (
    select as_of_at from {{ ref('int_as_of') }}
),

spell_totals as (
    select
        spells.ticket_id,
        -- summed in whole microseconds (exact whatever the order), in minutes
        {%- for status in statuses %}
            cast(sum(case
                when spells.status = '{{ status }}' then spells.spell_microseconds else 0
            end) as {{ type_double() }}) / 60000000.0 as {{ status }}_minutes,
            cast(sum(case
                when spells.status = '{{ status }}' then spells.spell_business_microseconds else 0
            end) as {{ type_double() }}) / 60000000.0 as {{ status }}_business_minutes,
        {%- endfor %}
        -- no assignee yet (there is no unassignment event: an assignment
        -- always names an agent) while not solved or closed
        cast(sum(case
            when spells.status not in ('solved', 'closed')
                and {{ overlap_seconds('spells.started_at', 'spells.ended_at', 'timings.created_at',
                    earlier_of('coalesce(timings.first_assigned_at, as_of.as_of_at)',
                        'as_of.as_of_at')) }} > 0
                then cast(round(
                        {{ overlap_seconds('spells.started_at', 'spells.ended_at',
                    'timings.created_at', earlier_of(
                        'coalesce(timings.first_assigned_at, as_of.as_of_at)', 'as_of.as_of_at')) }}
                        * 1000000
                    ) as {{ dbt.type_bigint() }})
            else 0
        end) as {{ type_double() }}) / 60000000.0 as unassigned_minutes,
        max(case when spells.changed_at <= as_of.as_of_at then spells.spell_sequence end)
            as as_of_spell_sequence
    from spells
    inner join timings
        on spells.ticket_id = timings.ticket_id
    cross join as_of
    group by spells.ticket_id
),

as_of_spells as (
    -- the spell in force at as_of (the last one changed at or before it)
    select
        spells.ticket_id,
        spells.status as status_at_as_of,
        spells.changed_at as status_changed_at
    from spells
    inner join spell_totals
        on spells.ticket_id = spell_totals.ticket_id
            and spells.spell_sequence = spell_totals.as_of_spell_sequence
),

reply_wait_microseconds as (
    select
        ticket_id,
        cast(round(
            {{ seconds_between('waiting_since_at', 'answered_at') }} * 1000000
        ) as {{ dbt.type_bigint() }}) as wait_microseconds
    from reply_waits
),

reply_totals as (
    select
        ticket_id,
        -- in whole microseconds, like the status minutes: the sum is the same
        -- whatever order the engine adds the waits in, and the total and the
        -- longest wait are rounded alike (a total is never below its longest)
        cast(sum(wait_microseconds) as {{ type_double() }}) / 60000000.0 as total_reply_minutes,
        cast(max(wait_microseconds) as {{ type_double() }}) / 60000000.0 as max_reply_minutes
    from reply_wait_microseconds
    group by ticket_id
),

final as (
    select
        timings.ticket_id,
        as_of_spells.status_at_as_of,
        {%- for status in statuses %}
            coalesce(spell_totals.{{ status }}_minutes, 0) as {{ status }}_minutes,
        {%- endfor %}
        coalesce(spell_totals.new_minutes, 0) + coalesce(spell_totals.open_minutes, 0)
        + coalesce(spell_totals.on_hold_minutes, 0) as requester_wait_minutes,
        coalesce(spell_totals.pending_minutes, 0) as agent_wait_minutes,
        {%- for status in statuses %}
            case
                when timings.business_schedule_id is not null
                    then coalesce(spell_totals.{{ status }}_business_minutes, 0)
            end as {{ status }}_business_minutes,
        {%- endfor %}
        case
            when timings.business_schedule_id is not null
                then coalesce(spell_totals.new_business_minutes, 0)
                    + coalesce(spell_totals.open_business_minutes, 0)
                    + coalesce(spell_totals.on_hold_business_minutes, 0)
        end as requester_wait_business_minutes,
        case
            when timings.business_schedule_id is not null
                then coalesce(spell_totals.pending_business_minutes, 0)
        end as agent_wait_business_minutes,
        timings.first_assigned_at,
        -- an assignment stamped before the ticket's creation counts as immediate
        case
            when timings.first_assigned_at is not null
                then {{ later_of(seconds_between('timings.created_at', 'timings.first_assigned_at'),
                    '0') }} / 60.0
        end as minutes_to_first_assignment,
        coalesce(spell_totals.unassigned_minutes, 0) as unassigned_minutes,
        case
            when timings.first_assigned_at is not null and timings.resolved_at is not null
                then {{ later_of(
                    seconds_between('timings.first_assigned_at', 'timings.resolved_at'), '0') }}
                    / 60.0
        end as first_assignment_to_resolution_minutes,
        case
            when as_of_spells.status_at_as_of not in ('solved', 'closed')
                then {{ seconds_between('timings.created_at', 'as_of.as_of_at') }} / 60.0
        end as age_minutes,
        case
            when as_of_spells.status_at_as_of not in ('solved', 'closed')
                then {{ seconds_between(
                    later_of('as_of_spells.status_changed_at', 'timings.created_at'),
                    'as_of.as_of_at') }} / 60.0
        end as minutes_since_status_change,
        reply_totals.total_reply_minutes,
        reply_totals.max_reply_minutes
    from timings
    cross join as_of
    left join spell_totals
        on timings.ticket_id = spell_totals.ticket_id
    left join as_of_spells
        on timings.ticket_id = as_of_spells.ticket_id
    left join reply_totals
        on timings.ticket_id = reply_totals.ticket_id
)

select * from final
