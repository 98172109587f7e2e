{#- Every raw row of holidays (SPEC section 1), parsed and judged: one row
    per raw row with its typed columns and dq_reason, null when the row is
    accepted, else the first rule it breaks (read error, key, duplicates,
    the checks below). stg_helpdesk__holidays holds the accepted rows;
    dq_rejected_rows lists the others with their raw text. -#}
{#- the key (schedule_id, holiday_date): duplicates and conflicts are judged per key -#}
{%- set key = {
    'schedule_id': clean_text('schedule_id'),
    'holiday_date': 'cast(' ~ parse_timestamp_utc('holiday_date') ~ ' as date)',
} -%}
{%- set checks = [[is_unparseable('raw_holiday_date', 'holiday_date'),
        "'unparseable holiday_date: ' || raw_holiday_date"]] -%}

with source as (
    select * from {{ helpdesk_raw_relation('holidays') }}
),

parsed as (
    select
        {{ key['schedule_id'] }} as schedule_id,
        {{ key['holiday_date'] }} as holiday_date,
        {{ clean_text('holiday_name') }} as holiday_name,
        {{- raw_text_columns('holidays') }}
    from source
),

{{ judge_raw_rows('holidays', key, checks) }}

final as (
    select
        checked.schedule_id,
        checked.holiday_date,
        checked.holiday_name,
        {{ judged_columns('holidays', key) }}
    from checked
)

select * from final
