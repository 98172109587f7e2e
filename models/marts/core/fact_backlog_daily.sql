{#- One row per ticket per UTC day at whose end the ticket is open
    (metric_backlog_snapshot): created before the next midnight and not
    solved or closed by the status changes stamped before it; on the day
    that holds as_of the snapshot is taken at as_of (is_day_complete false,
    changes at or before as_of count). With the status, the priority and
    the assignee in force at the snapshot, the age in days and its bucket.
    The base of the backlog aging mart.

    Linear in tickets x days open: each open status spell of
    int_ticket_status_spells is expanded into the midnights it spans
    (per_row_date_series), never joined against a calendar; the priority
    and assignee come from their own short interval lists of the same
    ticket. A ticket open at as_of is recomputed whenever as_of moves
    (int_ticket_scope). -#}
{#- dbt cannot see this read: ticket_scope_filter() reads int_ticket_scope
    on incremental runs only -#}
-- depends_on: {{ ref('int_ticket_scope') }}
with spells as (
    select
        ticket_id,
        spell_sequence,
        status,
        started_at,
        ended_at
    from {{ ref('int_ticket_status_spells') }}
    where status not in ('solved', 'closed')
        and {{ ticket_scope_filter() }}
),

timings as (
    select
        ticket_id,
        created_at,
        original_priority
    from {{ ref('int_ticket_timings') }}
    where {{ ticket_scope_filter() }}
),

lifecycle_times as (
    select
        ticket_id,
        status_at_as_of
    from {{ ref('int_ticket_lifecycle_times') }}
    where {{ ticket_scope_filter() }}
),

events as (
    select
        ticket_id,
        event_id,
        event_at,
        event_type,
        to_value
    from {{ ref('stg_helpdesk__ticket_events') }}
    where event_type in ('priority_change', 'assignment')
        and {{ ticket_scope_filter() }}
),

as_of as (
    select as_of_at from {{ ref('int_as_of') }}
),

midnight_spells as (
    -- a spell [started_at, ended_at) is in force at a midnight M when
    -- started_at < M <= ended_at (a change stamped at M counts from the
    -- next day on): the days d with cast(started_at as date) <= d and
    -- d + 1 <= ended_at. Spells are clipped to [created_at, as_of], so no
    -- midnight after as_of is taken.
    select
        ticket_id,
        status,
        cast(started_at as date) as first_day,
        {{ dbt.dateadd('day', -1, 'cast(ended_at as date)') }} as last_day
    from spells
    where cast(started_at as date) <= {{ dbt.dateadd('day', -1, 'cast(ended_at as date)') }}
),

midnight_rows as (
    select
        midnight_spells.ticket_id,
        midnight_spells.status,
        cast(days.date_day as date) as snapshot_date,
        cast({{ dbt.dateadd('day', 1, 'days.date_day') }} as {{ dbt.type_timestamp() }})
            as snapshot_at,
        true as is_day_complete
    from midnight_spells
    {{ per_row_date_series('midnight_spells.first_day', 'midnight_spells.last_day') }}
),

as_of_rows as (
    -- the day holding as_of: the ticket open at as_of
    select
        lifecycle_times.ticket_id,
        lifecycle_times.status_at_as_of as status,
        cast(as_of.as_of_at as date) as snapshot_date,
        as_of.as_of_at as snapshot_at,
        false as is_day_complete
    from lifecycle_times
    cross join as_of
    where lifecycle_times.status_at_as_of not in ('solved', 'closed')
),

snapshots as (
    select * from midnight_rows
    union all
    select * from as_of_rows
),

intervals as (
    -- priority and assignee intervals: each change is in force from its
    -- instant until the next change of the same type (ticket order)
    select
        ticket_id,
        event_type,
        to_value,
        event_at as valid_from,
        lead(event_at) over (
            partition by ticket_id, event_type order by event_at, event_id
        ) as valid_to
    from events
),

in_force as (
    -- the change in force at the snapshot: stamped before a midnight, at or
    -- before as_of
    select
        snapshots.ticket_id,
        snapshots.snapshot_date,
        max(case when intervals.event_type = 'priority_change' then intervals.to_value end)
            as priority,
        max(case when intervals.event_type = 'assignment' then intervals.to_value end)
            as assignee_agent_id
    from snapshots
    inner join intervals
        on snapshots.ticket_id = intervals.ticket_id
    where (
        snapshots.is_day_complete
        and intervals.valid_from < snapshots.snapshot_at
        and (intervals.valid_to is null or snapshots.snapshot_at <= intervals.valid_to)
    )
    or (
        not snapshots.is_day_complete
        and intervals.valid_from <= snapshots.snapshot_at
        and (intervals.valid_to is null or snapshots.snapshot_at < intervals.valid_to)
    )
    group by snapshots.ticket_id, snapshots.snapshot_date
),

aged as (
    select
        snapshots.*,
        timings.original_priority,
        {{ seconds_between('timings.created_at', 'snapshots.snapshot_at') }} as age_seconds
    from snapshots
    inner join timings
        on snapshots.ticket_id = timings.ticket_id
),

final as (
    select
        aged.snapshot_date,
        aged.ticket_id,
        aged.status,
        coalesce(in_force.priority, aged.original_priority) as priority,
        in_force.assignee_agent_id,
        aged.age_seconds / 86400.0 as age_days,
        case
            when aged.age_seconds < 86400 then '< 1 day'
            when aged.age_seconds < 3 * 86400 then '1-3 days'
            when aged.age_seconds < 7 * 86400 then '3-7 days'
            when aged.age_seconds < 30 * 86400 then '7-30 days'
            else '> 30 days'
        end as age_bucket,
        aged.is_day_complete,
        {{ run_loaded_at() }} as dbt_updated_at
    from aged
    left join in_force
        on aged.ticket_id = in_force.ticket_id
            and aged.snapshot_date = in_force.snapshot_date
)

select * from final
