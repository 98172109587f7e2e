{%- set checks = [["agent_id is null", "'missing agent_id'"]]
    + timestamp_checks('started_at')
    + timestamp_checks('ended_at')
    + order_check('started_at', 'ended_at') -%}
{{ stage_helpdesk_table(
    'work_sessions',
    key=['session_id'],
    columns={
        'session_id': clean_text('session_id'),
        'ticket_id': clean_text('ticket_id'),
        'agent_id': clean_text('agent_id'),
        'started_at': parse_timestamp_utc('started_at'),
        'ended_at': parse_timestamp_utc('ended_at'),
    },
    checks=checks,
) }}
