{#- One row per raw table: how current its data is. For the tables that are
    streams of events (loaded_at in helpdesk_raw_schema: tickets.created_at,
    ticket_events.event_at, messages.sent_at, calls.queued_at ...) the latest
    accepted timestamp, its age in hours at build time and before as_of, and
    is_stale when, at build time, it is older than var
    freshness_warn_after_hours (or the file is there but holds no accepted
    row). Reference tables (agents, customers, schedules ...) have no event
    time and are never stale. -#}
{%- set tables = helpdesk_raw_schema() -%}
{%- set built_at = "cast('" ~ run_started_at.strftime('%Y-%m-%d %H:%M:%S') ~ "' as "
    ~ dbt.type_timestamp() ~ ")" -%}
with raw_tables as (
    select * from {{ ref('stg_helpdesk__raw_tables') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

latest as (
    {%- for table, spec in tables.items() %}
        {%- if spec.loaded_at %}
            select
                '{{ table }}' as source_table,
                '{{ spec.loaded_at }}' as loaded_at_column,
                max(case when dq_reason is null then {{ spec.loaded_at }} end) as latest_at
            from {{ ref('base_helpdesk__' ~ table) }}
        {%- else %}
            select
                '{{ table }}' as source_table,
                cast(null as {{ dbt.type_string() }}) as loaded_at_column,
                cast(null as {{ dbt.type_timestamp() }}) as latest_at
        {%- endif %}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

aged as (
    select
        latest.source_table,
        raw_tables.is_present,
        latest.loaded_at_column,
        latest.latest_at,
        {{ built_at }} as built_at,
        as_of.as_of_at,
        {{ seconds_between('latest.latest_at', built_at) }} / 3600.0 as hours_since_latest_at_build,
        {{ seconds_between('latest.latest_at', 'as_of.as_of_at') }} / 3600.0
            as hours_before_as_of
    from latest
    inner join raw_tables
        on latest.source_table = raw_tables.table_name
    cross join as_of
),

final as (
    select
        source_table,
        is_present,
        loaded_at_column,
        latest_at,
        built_at,
        as_of_at,
        hours_since_latest_at_build,
        hours_before_as_of,
        cast({{ var('freshness_warn_after_hours') }} as {{ type_double() }})
            as freshness_warn_after_hours,
        coalesce(
            is_present
            and loaded_at_column is not null
            and (
                latest_at is null
                or hours_since_latest_at_build > {{ var('freshness_warn_after_hours') }}
            ),
            false
        ) as is_stale
    from aged
)

select * from final
