{%- set checks = timestamp_checks('created_at')
    + timestamp_checks('first_contacted_at', required=false)
    + timestamp_checks('converted_at', required=false)
    + order_check('created_at', 'first_contacted_at')
    + order_check('created_at', 'converted_at') -%}
{{ stage_helpdesk_table(
    'leads',
    key=['lead_id'],
    columns={
        'lead_id': clean_text('lead_id'),
        'created_at': parse_timestamp_utc('created_at'),
        'first_contacted_at': parse_timestamp_utc('first_contacted_at'),
        'converted_at': parse_timestamp_utc('converted_at'),
        'agent_id': clean_text('agent_id'),
    },
    checks=checks,
) }}
