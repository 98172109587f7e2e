{{ config(enabled=is_helpdesk_source('freshdesk')) }}
{#- The work_sessions table of SPEC section 1 from Freshdesk's time entries
    (docs/connectors/freshdesk.md): one row per entry that is a session
    (freshdesk__time_entry_outcomes says why the others are none), from its
    start for the minutes it logged; read and judged by
    base_helpdesk__work_sessions. -#}
with entries as (
    select * from {{ ref('freshdesk__time_entry_outcomes') }}
    where not_mapped_reason is null
),

final as (
    select
        time_entry_id as session_id,
        ticket_id,
        agent_id,
        started_at,
        cast(
            {{ dbt.dateadd('minute', 'minutes_spent', parse_timestamp_utc('started_at')) }}
            as {{ dbt.type_string() }}
        ) as ended_at,
        -- the raw layer's bookkeeping (a mapped row has no file line)
        row_number() over (order by time_entry_id) as _row_number,
        cast(null as {{ dbt.type_string() }}) as _read_error,
        cast(null as {{ dbt.type_string() }}) as _raw_line,
        {{ parse_timestamp_utc('started_at') }} as _loaded_at
    from entries
)

select * from final
