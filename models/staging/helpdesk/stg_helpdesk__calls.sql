{%- set checks = enum_check('direction', 'call_direction')
    + timestamp_checks('queued_at')
    + timestamp_checks('answered_at', required=false)
    + timestamp_checks('ended_at', required=false)
    + timestamp_checks('abandoned_at', required=false)
    + order_check('queued_at', 'answered_at')
    + order_check('answered_at', 'ended_at')
    + order_check('queued_at', 'abandoned_at')
    + [["answered_at is not null and abandoned_at is not null", "'both answered_at and abandoned_at'"]]
    + number_checks('hold_seconds')
    + number_checks('after_call_work_seconds')
    + enum_check('outcome', 'call_outcome', required=false) -%}
{{ stage_helpdesk_table(
    'calls',
    key=['call_id'],
    columns={
        'call_id': clean_text('call_id'),
        'ticket_id': clean_text('ticket_id'),
        'customer_id': clean_text('customer_id'),
        'agent_id': clean_text('agent_id'),
        'direction': clean_text('direction', lower=true),
        'queued_at': parse_timestamp_utc('queued_at'),
        'answered_at': parse_timestamp_utc('answered_at'),
        'ended_at': parse_timestamp_utc('ended_at'),
        'abandoned_at': parse_timestamp_utc('abandoned_at'),
        'hold_seconds': parse_number('hold_seconds'),
        'after_call_work_seconds': parse_number('after_call_work_seconds'),
        'outcome': clean_text('outcome', lower=true),
    },
    checks=checks,
) }}
