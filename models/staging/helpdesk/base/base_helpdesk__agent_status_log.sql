{#- Every raw row of agent_status_log (SPEC section 1), parsed and judged:
    one row per raw row with its typed columns and dq_reason, null when the
    row is accepted, else the first rule it breaks (read error, key,
    duplicates, the checks below). stg_helpdesk__agent_status_log holds the
    accepted rows; dq_rejected_rows lists the others with their raw text.
    Incremental: a run restages only the key groups it must look at
    (macros/incremental/raw_table_increments.sql). -#}
{#- the key (agent_id, started_at): duplicates and conflicts are judged per key -#}
{%- set key = {
    'agent_id': clean_text('agent_id'),
    'started_at': parse_timestamp_utc('started_at'),
} -%}
{%- set checks = enum_check('status', 'agent_status')
    + timestamp_checks('started_at')
    + timestamp_checks('ended_at')
    + order_check('started_at', 'ended_at') -%}

with source as (
    select * from {{ helpdesk_raw_relation('agent_status_log') }}
    {%- if is_incremental_run() %}
    -- incremental run: only the key groups this run must look at
    where {{ incremental_source_filter('agent_status_log', key) }}
    {%- endif %}
),

parsed as (
    select
        {{ key['agent_id'] }} as agent_id,
        {{ clean_text('status', lower=true) }} as status,
        {{ key['started_at'] }} as started_at,
        {{ parse_timestamp_utc('ended_at') }} as ended_at,
        {{- raw_text_columns('agent_status_log') }}
    from source
),

{{ judge_raw_rows('agent_status_log', key, checks) }}

final as (
    select
        checked.agent_id,
        checked.status,
        checked.started_at,
        checked.ended_at,
        {{ judged_columns('agent_status_log', key) }}
    from checked
)

select * from final
