{#- Every raw row of schedules (SPEC section 1), parsed and judged: one row
    per raw row with its typed columns and dq_reason, null when the row is
    accepted, else the first rule it breaks (read error, key, duplicates,
    the checks below). stg_helpdesk__schedules holds the accepted rows;
    dq_rejected_rows lists the others with their raw text. -#}
{#- the key (schedule_id, day_of_week, start_time): duplicates and conflicts are judged per key -#}
{%- set key = {
    'schedule_id': clean_text('schedule_id'),
    'day_of_week': parse_number('day_of_week'),
    'start_time': parse_time_of_day('start_time'),
} -%}
{%- set checks = [["timezone is null", "'missing timezone'"],
       ["not " ~ is_valid_timezone('timezone'), "'unknown timezone: ' || raw_timezone"],
       ["day_of_week is null or day_of_week not between 0 and 6 or day_of_week <> floor(day_of_week)",
        "'day_of_week not in 0..6: ' || coalesce(raw_day_of_week, '<null>')"],
       [is_unparseable('raw_start_time', 'start_time'), "'unparseable start_time: ' || raw_start_time"],
       [is_unparseable('raw_end_time', 'end_time'), "'unparseable end_time: ' || raw_end_time"],
       ["end_time <= start_time", "'end_time not after start_time'"],
       [is_unparseable('raw_is_default', parse_boolean('raw_is_default')), "'invalid is_default: ' || raw_is_default"]] -%}

with source as (
    select * from {{ helpdesk_raw_relation('schedules') }}
),

parsed as (
    select
        {{ key['schedule_id'] }} as schedule_id,
        {{ clean_text('timezone') }} as timezone,
        {{ key['day_of_week'] }} as day_of_week,
        {{ key['start_time'] }} as start_time,
        {{ parse_time_of_day('end_time') }} as end_time,
        coalesce({{ parse_boolean('is_default') }}, false) as is_default,
        {{- raw_text_columns('schedules') }}
    from source
),

{{ judge_raw_rows('schedules', key, checks) }}

final as (
    select
        checked.schedule_id,
        checked.timezone,
        checked.day_of_week,
        checked.start_time,
        checked.end_time,
        checked.is_default,
        {{ judged_columns('schedules', key) }}
    from checked
)

select * from final
