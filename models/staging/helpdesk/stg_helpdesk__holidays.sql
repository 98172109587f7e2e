{{ stage_helpdesk_table(
    'holidays',
    key=['schedule_id', 'holiday_date'],
    columns={
        'schedule_id': clean_text('schedule_id'),
        'holiday_date': "cast(" ~ parse_timestamp_utc('holiday_date') ~ " as date)",
        'holiday_name': clean_text('holiday_name'),
    },
    checks=[[is_unparseable('raw_holiday_date', 'holiday_date'),
        "'unparseable holiday_date: ' || raw_holiday_date"]],
) }}
