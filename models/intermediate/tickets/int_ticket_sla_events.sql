{#- One row per SLA clock (metric_sla_clock), published as fact_sla_event
    and read by fact_ticket for its first-reply and resolution verdicts: the
    clocks of
    int_ticket_sla_clocks with the policy of the sla_policies seed that
    applies (the most specific matching row: most fields set, then a set
    channel, a set priority, a set segment; clocks no row matches are left
    out), the target, the instant it runs out (breach_at, in business time
    when the policy says so), elapsed minutes, the verdict and, for a
    running clock, the minutes remaining. requester_wait counts only the
    spells in new, open or on_hold (int_ticket_status_spells). -#}
{#- dbt cannot see this read: ticket_scope_filter() reads int_ticket_scope
    on incremental runs only -#}
-- depends_on: {{ ref('int_ticket_scope') }}
with clocks as (
    select * from {{ ref('int_ticket_sla_clocks') }}
    where {{ ticket_scope_filter() }}
),

timings as (
    select
        ticket_id,
        channel,
        customer_id,
        business_schedule_id
    from {{ ref('int_ticket_timings') }}
    where {{ ticket_scope_filter() }}
),

spells as (
    select * from {{ ref('int_ticket_status_spells') }}
    where status in ('new', 'open', 'on_hold')
        and {{ ticket_scope_filter() }}
),

customers as (
    select
        customer_id,
        segment
    from {{ ref('stg_helpdesk__customers') }}
),

policies as (
    -- a blank cell is "any"
    select
        policy_id,
        {%- for column in ['priority', 'channel', 'customer_segment'] %}
            {{ seed_text(column, lower=true) }} as {{ column }},
        {%- endfor %}
        lower(trim(sla_metric)) as sla_metric,
        cast(target_minutes as {{ type_double() }}) as target_minutes,
        coalesce(is_business_hours, false) as is_business_hours
    from {{ ref('sla_policies') }}
),

status as (
    select
        ticket_id,
        status_at_as_of
    from {{ ref('int_ticket_lifecycle_times') }}
    where {{ ticket_scope_filter() }}
),

as_of as (
    select as_of_at from {{ ref('int_as_of') }}
),

matched as (
    select
        clocks.ticket_id,
        clocks.sla_metric,
        clocks.start_sequence,
        policies.policy_id,
        row_number() over (
            partition by clocks.ticket_id, clocks.sla_metric, clocks.start_sequence
            order by
                (case when policies.priority is null then 0 else 1 end)
                + (case when policies.channel is null then 0 else 1 end)
                + (case when policies.customer_segment is null then 0 else 1 end) desc,
                case when policies.channel is null then 0 else 1 end desc,
                case when policies.priority is null then 0 else 1 end desc,
                case when policies.customer_segment is null then 0 else 1 end desc,
                policies.policy_id
        ) as policy_rank
    from clocks
    inner join timings
        on clocks.ticket_id = timings.ticket_id
    left join customers
        on timings.customer_id = customers.customer_id
    inner join policies
        on clocks.sla_metric = policies.sla_metric
            and (policies.priority is null or clocks.priority = policies.priority)
            and (policies.channel is null or timings.channel = policies.channel)
            and (
                policies.customer_segment is null
                or customers.segment = policies.customer_segment
            )
),

governed as (
    -- the clocks a policy applies to, numbered per ticket and metric
    select
        clocks.*,
        timings.business_schedule_id,
        policies.policy_id,
        policies.target_minutes,
        policies.is_business_hours,
        cast(row_number() over (
            partition by clocks.ticket_id, clocks.sla_metric
            order by clocks.started_at, clocks.start_sequence
        ) as {{ dbt.type_bigint() }}) as clock_sequence,
        coalesce(clocks.stopped_at, as_of.as_of_at) as measured_to_at,
        -- one key per clock (the business-clock points are named by it)
        clocks.ticket_id || ':' || clocks.sla_metric || ':'
        || cast(clocks.start_sequence as {{ dbt.type_string() }}) as clock_key
    from clocks
    cross join as_of
    inner join matched
        on clocks.ticket_id = matched.ticket_id
            and clocks.sla_metric = matched.sla_metric
            and clocks.start_sequence = matched.start_sequence
            and matched.policy_rank = 1
    inner join policies
        on matched.policy_id = policies.policy_id
    inner join timings
        on clocks.ticket_id = timings.ticket_id
),

points as (
    -- the clocks measured in business time (requester_wait reads its
    -- spells instead): their start and end read in one row
    select
        clock_key as point_id,
        business_schedule_id as schedule_id,
        started_at,
        measured_to_at
    from governed
    where is_business_hours and business_schedule_id is not null
        and sla_metric <> 'requester_wait'
),

clock_readings as (
    select
        point_id,
        started_at_business_clock as started_clock,
        measured_to_at_business_clock as ended_clock
    from ({{ business_clocks('points', ['started_at', 'measured_to_at']) }}) as readings
),

waiting_spells as (
    -- requester_wait: the counting spells before the clock stopped, with the
    -- time counted before each (calendar and business)
    select
        governed.ticket_id,
        governed.start_sequence,
        spells.spell_sequence,
        spells.started_at,
        spells.spell_minutes,
        spells.spell_business_minutes,
        spells.spell_microseconds,
        spells.spell_business_microseconds,
        spells.started_business_clock,
        spells.ended_at,
        spells.ended_business_clock,
        coalesce(sum(spells.spell_minutes) over (
            partition by governed.ticket_id order by spells.spell_sequence
            rows between unbounded preceding and 1 preceding
        ), 0) as minutes_before,
        coalesce(sum(spells.spell_business_minutes) over (
            partition by governed.ticket_id order by spells.spell_sequence
            rows between unbounded preceding and 1 preceding
        ), 0) as business_minutes_before
    from governed
    inner join spells
        on governed.ticket_id = spells.ticket_id
            and governed.measured_to_at > spells.started_at
    where governed.sla_metric = 'requester_wait'
),

waiting_totals as (
    select
        ticket_id,
        -- in whole microseconds: exact whatever the order of the sum
        cast(sum(spell_microseconds) as {{ type_double() }}) / 60000000.0 as elapsed_minutes,
        cast(sum(spell_business_microseconds) as {{ type_double() }}) / 60000000.0
            as elapsed_business_minutes
    from waiting_spells
    group by ticket_id
),

measured as (
    select
        governed.*,
        case
            when governed.sla_metric = 'requester_wait'
                then case
                        when
                            not governed.is_business_hours
                            then coalesce(waiting_totals.elapsed_minutes, 0)
                        when governed.business_schedule_id is not null
                            then coalesce(waiting_totals.elapsed_business_minutes, 0)
                    end
            when not governed.is_business_hours
                then {{ seconds_between('governed.started_at', 'governed.measured_to_at') }} / 60.0
            else clock_readings.ended_clock - clock_readings.started_clock
        end as elapsed_minutes,
        clock_readings.started_clock
    from governed
    left join clock_readings
        on governed.clock_key = clock_readings.point_id
    left join waiting_totals
        on governed.ticket_id = waiting_totals.ticket_id
            and governed.sla_metric = 'requester_wait'
),

breach_spells as (
    -- requester_wait: the counting spell in which the target runs out
    select
        waiting_spells.ticket_id,
        measured.is_business_hours,
        case
            when measured.is_business_hours
                then waiting_spells.started_business_clock
                    + (measured.target_minutes - waiting_spells.business_minutes_before)
        end as breach_clock,
        case
            when not measured.is_business_hours
                then {{ add_minutes('waiting_spells.started_at',
                    'measured.target_minutes - waiting_spells.minutes_before') }}
        end as breach_calendar_at
    from waiting_spells
    inner join measured
        on waiting_spells.ticket_id = measured.ticket_id
            and measured.sla_metric = 'requester_wait'
    where (
        not measured.is_business_hours
        and waiting_spells.minutes_before < measured.target_minutes
        and measured.target_minutes <= waiting_spells.minutes_before + waiting_spells.spell_minutes
    )
    or (
        measured.is_business_hours
        and waiting_spells.business_minutes_before < measured.target_minutes
        and measured.target_minutes
        <= waiting_spells.business_minutes_before + waiting_spells.spell_business_minutes
    )
),

running_waits as (
    -- requester_wait still counting at as_of: the business clock at as_of
    select
        waiting_spells.ticket_id,
        max(waiting_spells.ended_business_clock) as as_of_clock
    from waiting_spells
    inner join measured
        on waiting_spells.ticket_id = measured.ticket_id
            and measured.sla_metric = 'requester_wait'
    cross join as_of
    where measured.stopped_at is null
        and waiting_spells.ended_at = as_of.as_of_at
        and waiting_spells.spell_minutes > 0
    group by waiting_spells.ticket_id
),

breach_targets as (
    -- the business clock value at which each business-time clock runs out
    select
        measured.clock_key as point_id,
        'breach' as point_name,
        measured.business_schedule_id as schedule_id,
        case
            when measured.sla_metric <> 'requester_wait'
                then measured.started_clock + measured.target_minutes
            when breach_spells.breach_clock is not null then breach_spells.breach_clock
            -- not reached yet and still counting: projected from as_of
            when running_waits.as_of_clock is not null
                then running_waits.as_of_clock + measured.target_minutes - measured.elapsed_minutes
        end as clock_minutes
    from measured
    left join breach_spells
        on measured.ticket_id = breach_spells.ticket_id
            and measured.sla_metric = 'requester_wait'
    left join running_waits
        on measured.ticket_id = running_waits.ticket_id
            and measured.sla_metric = 'requester_wait'
    where measured.is_business_hours and measured.business_schedule_id is not null
),

breach_instants as (
    {{ business_clock_instant('breach_targets') }}
),

judged as (
    select
        measured.ticket_id,
        measured.sla_metric,
        measured.clock_sequence,
        measured.policy_id,
        measured.priority,
        measured.target_minutes,
        measured.is_business_hours,
        measured.started_at,
        case
            when measured.is_business_hours then breach_instants.instant_at
            when measured.sla_metric <> 'requester_wait'
                then {{ add_minutes('measured.started_at', 'measured.target_minutes') }}
            when breach_spells.breach_calendar_at is not null then breach_spells.breach_calendar_at
            -- not reached yet and still counting at as_of: projected
            when measured.stopped_at is null
                and status.status_at_as_of in ('new', 'open', 'on_hold')
                then {{ add_minutes('as_of.as_of_at',
                    'measured.target_minutes - measured.elapsed_minutes') }}
        end as breach_at,
        measured.stopped_at,
        measured.elapsed_minutes,
        case
            when measured.elapsed_minutes > measured.target_minutes then true
            when measured.stopped_at is not null and measured.elapsed_minutes is not null then false
        end as is_breached,
        measured.stopped_at is null as is_active,
        case
            when measured.stopped_at is null
                then measured.target_minutes - measured.elapsed_minutes
        end as minutes_remaining
    from measured
    cross join as_of
    left join breach_spells
        on measured.ticket_id = breach_spells.ticket_id
            and measured.sla_metric = 'requester_wait'
    left join breach_instants
        on measured.clock_key = breach_instants.point_id
    left join status
        on measured.ticket_id = status.ticket_id
),

final as (
    select
        judged.*,
        -- when the verdict became known: the breach instant, or the stop
        -- within target (the ticket KPI marts count attainment by it)
        case
            when judged.is_breached then coalesce(judged.breach_at, judged.stopped_at)
            when not judged.is_breached then judged.stopped_at
        end as decided_at
    from judged
)

select * from final
