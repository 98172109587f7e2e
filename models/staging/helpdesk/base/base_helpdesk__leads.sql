{#- Every raw row of leads (SPEC section 1), parsed and judged: one row per
    raw row with its typed columns and dq_reason, null when the row is
    accepted, else the first rule it breaks (read error, key, duplicates,
    the checks below). stg_helpdesk__leads holds the accepted rows;
    dq_rejected_rows lists the others with their raw text. -#}
{#- the key (lead_id): duplicates and conflicts are judged per key -#}
{%- set key = {
    'lead_id': clean_text('lead_id'),
} -%}
{%- set checks = timestamp_checks('created_at')
    + timestamp_checks('first_contacted_at', required=false)
    + timestamp_checks('converted_at', required=false)
    + order_check('created_at', 'first_contacted_at')
    + order_check('created_at', 'converted_at') -%}

with source as (
    select * from {{ helpdesk_raw_relation('leads') }}
),

parsed as (
    select
        {{ key['lead_id'] }} as lead_id,
        {{ parse_timestamp_utc('created_at') }} as created_at,
        {{ parse_timestamp_utc('first_contacted_at') }} as first_contacted_at,
        {{ parse_timestamp_utc('converted_at') }} as converted_at,
        {{ clean_text('agent_id') }} as agent_id,
        {{- raw_text_columns('leads') }}
    from source
),

{{ judge_raw_rows('leads', key, checks) }}

final as (
    select
        checked.lead_id,
        checked.created_at,
        checked.first_contacted_at,
        checked.converted_at,
        checked.agent_id,
        {{ judged_columns('leads', key) }}
    from checked
)

select * from final
