{%- set checks = [["timezone is null", "'missing timezone'"],
       ["not " ~ is_valid_timezone('timezone'), "'unknown timezone: ' || raw_timezone"],
       ["day_of_week is null or day_of_week not between 0 and 6 or day_of_week <> floor(day_of_week)",
        "'day_of_week not in 0..6: ' || coalesce(raw_day_of_week, '<null>')"],
       [is_unparseable('raw_start_time', 'start_time'), "'unparseable start_time: ' || raw_start_time"],
       [is_unparseable('raw_end_time', 'end_time'), "'unparseable end_time: ' || raw_end_time"],
       ["end_time <= start_time", "'end_time not after start_time'"],
       [is_unparseable('raw_is_default', parse_boolean('raw_is_default')), "'invalid is_default: ' || raw_is_default"]] -%}
{{ stage_helpdesk_table(
    'schedules',
    key=['schedule_id', 'day_of_week', 'start_time'],
    columns={
        'schedule_id': clean_text('schedule_id'),
        'timezone': clean_text('timezone'),
        'day_of_week': parse_number('day_of_week'),
        'start_time': parse_time_of_day('start_time'),
        'end_time': parse_time_of_day('end_time'),
        'is_default': "coalesce(" ~ parse_boolean('is_default') ~ ", false)",
    },
    checks=checks,
) }}
