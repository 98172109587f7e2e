{%- set checks = timestamp_checks('started_at')
    + timestamp_checks('ended_at', required=false)
    + order_check('started_at', 'ended_at')
    + enum_check('entry_point', 'entry_point')
    + enum_check('outcome', 'self_service_outcome') -%}
{{ stage_helpdesk_table(
    'self_service_sessions',
    key=['session_id'],
    columns={
        'session_id': clean_text('session_id'),
        'customer_id': clean_text('customer_id'),
        'started_at': parse_timestamp_utc('started_at'),
        'ended_at': parse_timestamp_utc('ended_at'),
        'entry_point': clean_text('entry_point', lower=true),
        'outcome': clean_text('outcome', lower=true),
        'ticket_id': clean_text('ticket_id'),
        'category': clean_text('category', lower=true),
    },
    checks=checks,
) }}
