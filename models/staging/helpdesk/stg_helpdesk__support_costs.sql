{%- set checks = [
       [is_unparseable('raw_month', 'month'), "'unparseable date in month: ' || raw_month"],
       ["month <> " ~ dbt.date_trunc('month', 'month'), "'month is not the first day of a month: ' || raw_month"]]
    + enum_check('cost_type', 'cost_type')
    + number_checks('amount', required=true) -%}
{{ stage_helpdesk_table(
    'support_costs',
    key=['month', 'cost_type'],
    columns={
        'month': "cast(" ~ parse_timestamp_utc('month') ~ " as date)",
        'cost_type': clean_text('cost_type', lower=true),
        'amount': parse_number('amount'),
    },
    checks=checks,
) }}
