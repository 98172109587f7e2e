{#- Every raw row of self_service_sessions (SPEC section 1), parsed and
    judged: one row per raw row with its typed columns and dq_reason, null
    when the row is accepted, else the first rule it breaks (read error,
    key, duplicates, the checks below; a row whose ticket_id is unknown or
    rejected is rejected). stg_helpdesk__self_service_sessions holds the
    accepted rows; dq_rejected_rows lists the others with their raw text.
    Incremental: a run restages only the key groups it must look at
    (macros/incremental/raw_table_increments.sql). -#}
{#- the key (session_id): duplicates and conflicts are judged per key -#}
{%- set key = {
    'session_id': clean_text('session_id'),
} -%}
{%- set checks = timestamp_checks('started_at')
    + timestamp_checks('ended_at', required=false)
    + order_check('started_at', 'ended_at')
    + duration_check('started_at', 'ended_at')
    + enum_check('entry_point', 'entry_point')
    + enum_check('outcome', 'self_service_outcome') -%}

with source as (
    select * from {{ helpdesk_raw_relation('self_service_sessions') }}
    {%- if is_incremental_run() %}
    -- incremental run: only the key groups this run must look at
    where {{ incremental_source_filter('self_service_sessions', key, ticket_reference='optional') }}
    {%- endif %}
),

parsed as (
    select
        {{ key['session_id'] }} as session_id,
        {{ clean_text('customer_id') }} as customer_id,
        {{ parse_timestamp_utc('started_at') }} as started_at,
        {{ parse_timestamp_utc('ended_at') }} as ended_at,
        {{ clean_text('entry_point', lower=true) }} as entry_point,
        {{ clean_text('outcome', lower=true) }} as outcome,
        {{ clean_text('ticket_id') }} as ticket_id,
        {{ clean_text('category', lower=true) }} as category,
        {{- raw_text_columns('self_service_sessions') }}
    from source
),

{{ judge_raw_rows('self_service_sessions', key, checks, ticket_reference='optional') }}

final as (
    select
        checked.session_id,
        checked.customer_id,
        checked.started_at,
        checked.ended_at,
        checked.entry_point,
        checked.outcome,
        checked.ticket_id,
        checked.category,
        {{ judged_columns('self_service_sessions', key) }}
    from checked
)

select * from final
