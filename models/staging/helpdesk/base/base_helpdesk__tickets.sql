{#- Every raw row of tickets (SPEC section 1), parsed and judged: one row
    per raw row with its typed columns and dq_reason, null when the row is
    accepted, else the first rule it breaks (read error, key, duplicates,
    the checks below). stg_helpdesk__tickets holds the accepted rows;
    dq_rejected_rows lists the others with their raw text. Incremental: a
    run restages only the key groups it must look at
    (macros/incremental/raw_table_increments.sql). -#}
{#- the key (ticket_id): duplicates and conflicts are judged per key -#}
{%- set key = {
    'ticket_id': clean_text('ticket_id'),
} -%}
{%- set checks = timestamp_checks('created_at')
    + enum_check('channel', 'channel')
    + enum_check('priority', 'priority')
    + enum_check('created_by_type', 'created_by_type') -%}

with source as (
    select * from {{ helpdesk_raw_relation('tickets') }}
    {%- if is_incremental_run() %}
    -- incremental run: only the key groups this run must look at
    where {{ incremental_source_filter('tickets', key) }}
    {%- endif %}
),

parsed as (
    select
        {{ key['ticket_id'] }} as ticket_id,
        {{ clean_text('customer_id') }} as customer_id,
        {{ parse_timestamp_utc('created_at') }} as created_at,
        {{ clean_text('channel', lower=true) }} as channel,
        {{ clean_text('category', lower=true) }} as category,
        {{ clean_text('priority', lower=true) }} as priority,
        coalesce({{ clean_text('created_by_type', lower=true) }}, 'customer') as created_by_type,
        {{ clean_text('schedule_id') }} as schedule_id,
        {{ clean_text('source_relation') }} as source_relation,
        {{- raw_text_columns('tickets') }}
    from source
),

{{ judge_raw_rows('tickets', key, checks) }}

final as (
    select
        checked.ticket_id,
        checked.customer_id,
        checked.created_at,
        checked.channel,
        checked.category,
        checked.priority,
        checked.created_by_type,
        checked.schedule_id,
        checked.source_relation,
        {{ judged_columns('tickets', key) }}
    from checked
)

select * from final
