{%- set checks = enum_check('status', 'agent_status')
    + timestamp_checks('started_at')
    + timestamp_checks('ended_at')
    + order_check('started_at', 'ended_at') -%}
{{ stage_helpdesk_table(
    'agent_status_log',
    key=['agent_id', 'started_at'],
    columns={
        'agent_id': clean_text('agent_id'),
        'status': clean_text('status', lower=true),
        'started_at': parse_timestamp_utc('started_at'),
        'ended_at': parse_timestamp_utc('ended_at'),
    },
    checks=checks,
) }}
