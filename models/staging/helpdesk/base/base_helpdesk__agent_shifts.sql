{#- Every raw row of agent_shifts (SPEC section 1), parsed and judged: one
    row per raw row with its typed columns and dq_reason, null when the row
    is accepted, else the first rule it breaks (read error, key, duplicates,
    the checks below). stg_helpdesk__agent_shifts holds the accepted rows;
    dq_rejected_rows lists the others with their raw text. -#}
{#- the key (shift_id): duplicates and conflicts are judged per key -#}
{%- set key = {
    'shift_id': clean_text('shift_id'),
} -%}
{%- set checks = [["agent_id is null", "'missing agent_id'"]]
    + enum_check('activity', 'shift_activity')
    + timestamp_checks('scheduled_start', planned=true)
    + timestamp_checks('scheduled_end', planned=true)
    + order_check('scheduled_start', 'scheduled_end')
    + duration_check('scheduled_start', 'scheduled_end') -%}

with source as (
    select * from {{ helpdesk_raw_relation('agent_shifts') }}
),

parsed as (
    select
        {{ key['shift_id'] }} as shift_id,
        {{ clean_text('agent_id') }} as agent_id,
        {{ clean_text('activity', lower=true) }} as activity,
        {{ parse_timestamp_utc('scheduled_start') }} as scheduled_start,
        {{ parse_timestamp_utc('scheduled_end') }} as scheduled_end,
        {{- raw_text_columns('agent_shifts') }}
    from source
),

{{ judge_raw_rows('agent_shifts', key, checks) }}

final as (
    select
        checked.shift_id,
        checked.agent_id,
        checked.activity,
        checked.scheduled_start,
        checked.scheduled_end,
        {{ judged_columns('agent_shifts', key) }}
    from checked
)

select * from final
