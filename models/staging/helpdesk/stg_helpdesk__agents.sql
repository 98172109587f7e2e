{%- set checks = [["tier not in " ~ enum_sql('tier'), "'unknown tier value: ' || raw_tier"],
       [is_unparseable('raw_is_bot', parse_boolean('raw_is_bot')), "'invalid is_bot: ' || raw_is_bot"]]
    + timestamp_checks('hired_at', required=false)
    + timestamp_checks('terminated_at', required=false)
    + order_check('hired_at', 'terminated_at')
    + number_checks('hourly_cost') -%}
{{ stage_helpdesk_table(
    'agents',
    key=['agent_id'],
    columns={
        'agent_id': clean_text('agent_id'),
        'agent_name': clean_text('agent_name'),
        'team': clean_text('team'),
        'tier': "upper(" ~ clean_text('tier') ~ ")",
        'is_bot': "coalesce(" ~ parse_boolean('is_bot') ~ ", false)",
        'hired_at': parse_timestamp_utc('hired_at'),
        'terminated_at': parse_timestamp_utc('terminated_at'),
        'hourly_cost': parse_number('hourly_cost'),
    },
    checks=checks,
) }}
