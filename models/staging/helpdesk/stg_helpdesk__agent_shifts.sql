{%- set checks = [["agent_id is null", "'missing agent_id'"]]
    + enum_check('activity', 'shift_activity')
    + timestamp_checks('scheduled_start')
    + timestamp_checks('scheduled_end')
    + order_check('scheduled_start', 'scheduled_end') -%}
{{ stage_helpdesk_table(
    'agent_shifts',
    key=['shift_id'],
    columns={
        'shift_id': clean_text('shift_id'),
        'agent_id': clean_text('agent_id'),
        'activity': clean_text('activity', lower=true),
        'scheduled_start': parse_timestamp_utc('scheduled_start'),
        'scheduled_end': parse_timestamp_utc('scheduled_end'),
    },
    checks=checks,
) }}
