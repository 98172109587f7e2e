{%- set to_value_rules -%}
    case event_type
        when 'status_change' then to_value not in {{ enum_sql('status') }}
            or coalesce(from_value not in {{ enum_sql('status') }}, false)
        when 'escalation' then to_value not in {{ enum_sql('tier') }}
            or coalesce(reason not in {{ enum_sql('escalation_reason') }}, false)
        when 'priority_change' then to_value not in {{ enum_sql('priority') }}
        else false
    end
{%- endset -%}
{%- set checks = timestamp_checks('event_at')
    + enum_check('event_type', 'event_type')
    + [["to_value is null", "'missing to_value for ' || event_type"],
       [to_value_rules, "'unknown value for ' || event_type || ': ' || coalesce(raw_from_value, '') || ' -> ' || coalesce(raw_to_value, '') || ' ' || coalesce(raw_reason, '')"]] -%}
{%- set typed_value -%}
    case lower(trim(event_type))
        when 'status_change' then {{ clean_text('{col}', lower=true) }}
        when 'priority_change' then {{ clean_text('{col}', lower=true) }}
        when 'category_change' then {{ clean_text('{col}', lower=true) }}
        when 'escalation' then upper(trim({col}))
        else {{ clean_text('{col}') }}
    end
{%- endset -%}
{{ stage_helpdesk_table(
    'ticket_events',
    key=['event_id'],
    columns={
        'event_id': clean_text('event_id'),
        'ticket_id': clean_text('ticket_id'),
        'event_at': parse_timestamp_utc('event_at'),
        'event_type': clean_text('event_type', lower=true),
        'actor_id': clean_text('actor_id'),
        'from_value': typed_value | replace('{col}', 'from_value'),
        'to_value': typed_value | replace('{col}', 'to_value'),
        'reason': clean_text('reason', lower=true),
    },
    checks=checks,
) }}
