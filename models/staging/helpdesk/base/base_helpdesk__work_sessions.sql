{#- Every raw row of work_sessions (SPEC section 1), parsed and judged: one
    row per raw row with its typed columns and dq_reason, null when the row
    is accepted, else the first rule it breaks (read error, key, duplicates,
    the checks below; a row whose ticket_id is missing, unknown or rejected
    is rejected). stg_helpdesk__work_sessions holds the accepted rows;
    dq_rejected_rows lists the others with their raw text. Incremental: a
    run restages only the key groups it must look at
    (macros/incremental/raw_table_increments.sql). -#}
{#- the key (session_id): duplicates and conflicts are judged per key -#}
{%- set key = {
    'session_id': clean_text('session_id'),
} -%}
{%- set checks = [["agent_id is null", "'missing agent_id'"]]
    + timestamp_checks('started_at')
    + timestamp_checks('ended_at')
    + order_check('started_at', 'ended_at')
    + duration_check('started_at', 'ended_at') -%}

with source as (
    select * from {{ helpdesk_raw_relation('work_sessions') }}
    {%- if is_incremental_run() %}
    -- incremental run: only the key groups this run must look at
    where {{ incremental_source_filter('work_sessions', key, ticket_reference='required') }}
    {%- endif %}
),

parsed as (
    select
        {{ key['session_id'] }} as session_id,
        {{ clean_text('ticket_id') }} as ticket_id,
        {{ clean_text('agent_id') }} as agent_id,
        {{ parse_timestamp_utc('started_at') }} as started_at,
        {{ parse_timestamp_utc('ended_at') }} as ended_at,
        {{- raw_text_columns('work_sessions') }}
    from source
),

{{ judge_raw_rows('work_sessions', key, checks, ticket_reference='required') }}

final as (
    select
        checked.session_id,
        checked.ticket_id,
        checked.agent_id,
        checked.started_at,
        checked.ended_at,
        {{ judged_columns('work_sessions', key) }}
    from checked
)

select * from final
