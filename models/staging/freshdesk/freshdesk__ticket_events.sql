{{ config(enabled=is_helpdesk_source('freshdesk')) }}
{#- The ticket_events table of SPEC section 1 from Freshdesk
    (docs/connectors/freshdesk.md). Freshdesk keeps no field history: the
    status changes are rebuilt from what the ticket carries, each stats
    timestamp the last time the ticket entered a status:
    - created_at: open (2; Freshdesk has no new status);
    - stats_reopened_at: open (2), stats_pending_since: pending (3),
      stats_resolved_at: resolved (4), stats_closed_at: closed (5);
    - stats_status_updated_at: the current status (its code, custom ones
      too); without stats (not landed), updated_at, the ticket's last change
      of any kind, dates it.
    A stats timestamp before created_at or after that last status change
    (stale) is ignored; of several at one instant the later in that list
    is kept; a status equal to the one before is no change. Codes go
    through the value map; a code it lacks is kept with a to_value that
    says so, and the helpdesk base model rejects that event only, the
    reason naming the map. Event id ticket:status:<stats field>. No
    assignment, escalation, priority or category events: Freshdesk does
    not record when they happen. -#}
with tickets as (
    select * from {{ ref('freshdesk__current_tickets') }}
),

value_maps as (
    -- matched case-insensitively (the data's values are lower-cased)
    select * from {{ ref('connector__value_maps') }}
),

stats as (
    {%- set stats = [
        ('created', 'created_at', "'2'"),
        ('reopened', 'reopened_at', "'2'"),
        ('pending', 'pending_since', "'3'"),
        ('resolved', 'resolved_at', "'4'"),
        ('closed', 'closed_at', "'5'"),
        ('current', 'coalesce(status_updated_at, updated_at)', 'status_code'),
    ] %}
    {%- for kind, column, code in stats %}
        select
            ticket_id,
            '{{ kind }}' as stats_kind,
            {{ loop.index }} as stats_rank,
            {{ column }} as event_at,
            {{ parse_timestamp_utc(column) }} as event_at_utc,
            {{ parse_timestamp_utc('created_at') }} as created_at_utc,
            {{ parse_timestamp_utc('coalesce(status_updated_at, updated_at)') }}
                as status_updated_at_utc,
            {{ code }} as status_code
        from tickets
        where {{ column }} is not null
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

in_range as (
    -- the creation always; a stats timestamp inside the ticket's life
    select *
    from stats
    where stats_kind = 'created'
        or (
            event_at_utc >= created_at_utc
            and (status_updated_at_utc is null or event_at_utc <= status_updated_at_utc)
        )
),

one_per_instant as (
    select
        in_range.*,
        row_number() over (
            partition by ticket_id, event_at_utc
            order by stats_rank desc
        ) as instant_number
    from in_range
),

ordered as (
    select
        ticket_id,
        stats_kind,
        stats_rank,
        event_at,
        event_at_utc,
        status_code,
        lag(status_code) over (
            partition by ticket_id
            order by event_at_utc, stats_rank
        ) as previous_code
    from one_per_instant
    where instant_number = 1
),

changes as (
    select
        ticket_id,
        stats_kind,
        event_at,
        event_at_utc,
        status_code,
        lag(status_code) over (
            partition by ticket_id
            order by event_at_utc, stats_rank
        ) as previous_code
    from ordered
    where previous_code is null
        or coalesce(status_code, '') <> previous_code
),

final as (
    select
        changes.ticket_id || ':status:' || changes.stats_kind as event_id,
        changes.ticket_id,
        changes.event_at,
        'status_change' as event_type,
        cast(null as {{ dbt.type_string() }}) as actor_id,
        -- null after a status the map does not name (that event is rejected)
        previous_status.canonical_value as from_value,
        coalesce(
            status_map.canonical_value,
            'unmapped freshdesk status ' || coalesce(changes.status_code, '<null>')
            || ' (add it to seeds/connectors/connector_value_maps.csv)'
        ) as to_value,
        cast(null as {{ dbt.type_string() }}) as reason,
        -- the raw layer's bookkeeping (a mapped row has no file line)
        row_number() over (order by changes.ticket_id, changes.event_at_utc) as _row_number,
        cast(null as {{ dbt.type_string() }}) as _read_error,
        cast(null as {{ dbt.type_string() }}) as _raw_line,
        changes.event_at_utc as _loaded_at
    from changes
    left join value_maps as status_map
        on status_map.field = 'status'
            and changes.status_code = status_map.source_value
    left join value_maps as previous_status
        on previous_status.field = 'status'
            and changes.previous_code = previous_status.source_value
)

select * from final
