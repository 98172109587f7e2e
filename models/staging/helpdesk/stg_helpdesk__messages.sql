{%- set checks = timestamp_checks('sent_at')
    + enum_check('author_type', 'author_type')
    + [["is_public is null", "'missing or invalid is_public: ' || coalesce(raw_is_public, '<null>')"]]
    + enum_check('channel', 'channel', required=false) -%}
{{ stage_helpdesk_table(
    'messages',
    key=['message_id'],
    columns={
        'message_id': clean_text('message_id'),
        'ticket_id': clean_text('ticket_id'),
        'sent_at': parse_timestamp_utc('sent_at'),
        'author_type': clean_text('author_type', lower=true),
        'author_id': clean_text('author_id'),
        'is_public': parse_boolean('is_public'),
        'channel': clean_text('channel', lower=true),
    },
    checks=checks,
) }}
