{%- set checks = timestamp_checks('signed_up_at', required=false)
    + timestamp_checks('churned_at', required=false)
    + order_check('signed_up_at', 'churned_at') -%}
{{ stage_helpdesk_table(
    'customers',
    key=['customer_id'],
    columns={
        'customer_id': clean_text('customer_id'),
        'account_id': clean_text('account_id'),
        'segment': clean_text('segment', lower=true),
        'plan': clean_text('plan', lower=true),
        'signed_up_at': parse_timestamp_utc('signed_up_at'),
        'churned_at': parse_timestamp_utc('churned_at'),
    },
    checks=checks,
) }}
