{%- set checks = timestamp_checks('created_at')
    + enum_check('channel', 'channel')
    + enum_check('priority', 'priority')
    + enum_check('created_by_type', 'created_by_type') -%}
{{ stage_helpdesk_table(
    'tickets',
    key=['ticket_id'],
    columns={
        'ticket_id': clean_text('ticket_id'),
        'customer_id': clean_text('customer_id'),
        'created_at': parse_timestamp_utc('created_at'),
        'channel': clean_text('channel', lower=true),
        'category': clean_text('category', lower=true),
        'priority': clean_text('priority', lower=true),
        'created_by_type': "coalesce(" ~ clean_text('created_by_type', lower=true) ~ ", 'customer')",
        'schedule_id': clean_text('schedule_id'),
    },
    checks=checks,
) }}
