{#- Every raw row of calls (SPEC section 1), parsed and judged: one row per
    raw row with its typed columns and dq_reason, null when the row is
    accepted, else the first rule it breaks (read error, key, duplicates,
    the checks below; a row whose ticket_id is unknown or rejected is
    rejected). stg_helpdesk__calls holds the accepted rows; dq_rejected_rows
    lists the others with their raw text. Incremental: a run restages only
    the key groups it must look at
    (macros/incremental/raw_table_increments.sql). -#}
{#- the key (call_id): duplicates and conflicts are judged per key -#}
{%- set key = {
    'call_id': clean_text('call_id'),
} -%}
{%- set checks = enum_check('direction', 'call_direction')
    + timestamp_checks('queued_at')
    + timestamp_checks('answered_at', required=false)
    + timestamp_checks('ended_at', required=false)
    + timestamp_checks('abandoned_at', required=false)
    + order_check('queued_at', 'answered_at')
    + order_check('answered_at', 'ended_at')
    + order_check('queued_at', 'abandoned_at')
    + [["answered_at is not null and abandoned_at is not null", "'both answered_at and abandoned_at'"]]
    + duration_check('queued_at', 'ended_at')
    + duration_check('queued_at', 'abandoned_at')
    + number_checks('hold_seconds')
    + duration_check('hold_seconds')
    + number_checks('after_call_work_seconds')
    + duration_check('after_call_work_seconds')
    + enum_check('outcome', 'call_outcome', required=false) -%}

with source as (
    select * from {{ helpdesk_raw_relation('calls') }}
    {%- if is_incremental_run() %}
    -- incremental run: only the key groups this run must look at
    where {{ incremental_source_filter('calls', key, ticket_reference='optional') }}
    {%- endif %}
),

parsed as (
    select
        {{ key['call_id'] }} as call_id,
        {{ clean_text('ticket_id') }} as ticket_id,
        {{ clean_text('customer_id') }} as customer_id,
        {{ clean_text('agent_id') }} as agent_id,
        {{ clean_text('direction', lower=true) }} as direction,
        {{ parse_timestamp_utc('queued_at') }} as queued_at,
        {{ parse_timestamp_utc('answered_at') }} as answered_at,
        {{ parse_timestamp_utc('ended_at') }} as ended_at,
        {{ parse_timestamp_utc('abandoned_at') }} as abandoned_at,
        {{ parse_number('hold_seconds') }} as hold_seconds,
        {{ parse_number('after_call_work_seconds') }} as after_call_work_seconds,
        {{ clean_text('outcome', lower=true) }} as outcome,
        {{- raw_text_columns('calls') }}
    from source
),

{{ judge_raw_rows('calls', key, checks, ticket_reference='optional') }}

final as (
    select
        checked.call_id,
        checked.ticket_id,
        checked.customer_id,
        checked.agent_id,
        checked.direction,
        checked.queued_at,
        checked.answered_at,
        checked.ended_at,
        checked.abandoned_at,
        checked.hold_seconds,
        checked.after_call_work_seconds,
        checked.outcome,
        {{ judged_columns('calls', key) }}
    from checked
)

select * from final
