{#- What staging does to each raw table: the arguments of
    stage_helpdesk_table (key, columns, checks) per table, kept here so the
    staging model, the incremental validated model (which stages only the raw
    rows a run must look at) and validated_rows (which lists the staged
    columns) use one definition. -#}
{% macro staging_spec(table) %}
    {{ return(context['staging_spec_' ~ table]()) }}
{% endmacro %}

{% macro staging_spec_tickets() %}
{%- set checks = timestamp_checks('created_at')
    + enum_check('channel', 'channel')
    + enum_check('priority', 'priority')
    + enum_check('created_by_type', 'created_by_type') -%}
{{ return({
    'key': ['ticket_id'],
    'columns': {
        'ticket_id': clean_text('ticket_id'),
        'customer_id': clean_text('customer_id'),
        'created_at': parse_timestamp_utc('created_at'),
        'channel': clean_text('channel', lower=true),
        'category': clean_text('category', lower=true),
        'priority': clean_text('priority', lower=true),
        'created_by_type': "coalesce(" ~ clean_text('created_by_type', lower=true) ~ ", 'customer')",
        'schedule_id': clean_text('schedule_id'),
    },
    'checks': checks
}) }}
{% endmacro %}

{% macro staging_spec_ticket_events() %}
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
{{ return({
    'key': ['event_id'],
    'columns': {
        'event_id': clean_text('event_id'),
        'ticket_id': clean_text('ticket_id'),
        'event_at': parse_timestamp_utc('event_at'),
        'event_type': clean_text('event_type', lower=true),
        'actor_id': clean_text('actor_id'),
        'from_value': typed_value | replace('{col}', 'from_value'),
        'to_value': typed_value | replace('{col}', 'to_value'),
        'reason': clean_text('reason', lower=true),
    },
    'checks': checks
}) }}
{% endmacro %}

{% macro staging_spec_messages() %}
{%- set checks = timestamp_checks('sent_at')
    + enum_check('author_type', 'author_type')
    + [["is_public is null", "'missing or invalid is_public: ' || coalesce(raw_is_public, '<null>')"]]
    + enum_check('channel', 'channel', required=false) -%}
{{ return({
    'key': ['message_id'],
    'columns': {
        'message_id': clean_text('message_id'),
        'ticket_id': clean_text('ticket_id'),
        'sent_at': parse_timestamp_utc('sent_at'),
        'author_type': clean_text('author_type', lower=true),
        'author_id': clean_text('author_id'),
        'is_public': parse_boolean('is_public'),
        'channel': clean_text('channel', lower=true),
    },
    'checks': checks
}) }}
{% endmacro %}

{% macro staging_spec_work_sessions() %}
{%- set checks = [["agent_id is null", "'missing agent_id'"]]
    + timestamp_checks('started_at')
    + timestamp_checks('ended_at')
    + order_check('started_at', 'ended_at') -%}
{{ return({
    'key': ['session_id'],
    'columns': {
        'session_id': clean_text('session_id'),
        'ticket_id': clean_text('ticket_id'),
        'agent_id': clean_text('agent_id'),
        'started_at': parse_timestamp_utc('started_at'),
        'ended_at': parse_timestamp_utc('ended_at'),
    },
    'checks': checks
}) }}
{% endmacro %}

{% macro staging_spec_calls() %}
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
{{ return({
    'key': ['call_id'],
    'columns': {
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
    'checks': checks
}) }}
{% endmacro %}

{% macro staging_spec_surveys() %}
{%- set scale_rule -%}
    score is not null and (
        score <> floor(score)
        or (survey_type = 'csat' and (score < 1 or score > 5))
        or (survey_type = 'ces' and (score < 1 or score > 7))
        or (survey_type = 'nps' and (score < 0 or score > 10))
    )
{%- endset -%}
{%- set checks = enum_check('survey_type', 'survey_type')
    + timestamp_checks('sent_at')
    + timestamp_checks('responded_at', required=false)
    + order_check('sent_at', 'responded_at')
    + [[is_unparseable('raw_score', 'score'), "'not a number in score: ' || raw_score"],
       [scale_rule, "'score outside the ' || survey_type || ' scale: ' || raw_score"],
       ["score is not null and responded_at is null", "'score without responded_at'"]] -%}
{{ return({
    'key': ['survey_id'],
    'columns': {
        'survey_id': clean_text('survey_id'),
        'ticket_id': clean_text('ticket_id'),
        'survey_type': clean_text('survey_type', lower=true),
        'sent_at': parse_timestamp_utc('sent_at'),
        'responded_at': parse_timestamp_utc('responded_at'),
        'score': parse_number('score'),
    },
    'checks': checks
}) }}
{% endmacro %}

{% macro staging_spec_agent_shifts() %}
{%- set checks = [["agent_id is null", "'missing agent_id'"]]
    + enum_check('activity', 'shift_activity')
    + timestamp_checks('scheduled_start')
    + timestamp_checks('scheduled_end')
    + order_check('scheduled_start', 'scheduled_end') -%}
{{ return({
    'key': ['shift_id'],
    'columns': {
        'shift_id': clean_text('shift_id'),
        'agent_id': clean_text('agent_id'),
        'activity': clean_text('activity', lower=true),
        'scheduled_start': parse_timestamp_utc('scheduled_start'),
        'scheduled_end': parse_timestamp_utc('scheduled_end'),
    },
    'checks': checks,
}) }}
{% endmacro %}

{% macro staging_spec_agent_status_log() %}
{%- set checks = enum_check('status', 'agent_status')
    + timestamp_checks('started_at')
    + timestamp_checks('ended_at')
    + order_check('started_at', 'ended_at') -%}
{{ return({
    'key': ['agent_id', 'started_at'],
    'columns': {
        'agent_id': clean_text('agent_id'),
        'status': clean_text('status', lower=true),
        'started_at': parse_timestamp_utc('started_at'),
        'ended_at': parse_timestamp_utc('ended_at'),
    },
    'checks': checks,
}) }}
{% endmacro %}

{% macro staging_spec_agents() %}
{%- set checks = [["tier not in " ~ enum_sql('tier'), "'unknown tier value: ' || raw_tier"],
       [is_unparseable('raw_is_bot', parse_boolean('raw_is_bot')), "'invalid is_bot: ' || raw_is_bot"]]
    + timestamp_checks('hired_at', required=false)
    + timestamp_checks('terminated_at', required=false)
    + order_check('hired_at', 'terminated_at')
    + number_checks('hourly_cost') -%}
{{ return({
    'key': ['agent_id'],
    'columns': {
        'agent_id': clean_text('agent_id'),
        'agent_name': clean_text('agent_name'),
        'team': clean_text('team'),
        'tier': "upper(" ~ clean_text('tier') ~ ")",
        'is_bot': "coalesce(" ~ parse_boolean('is_bot') ~ ", false)",
        'hired_at': parse_timestamp_utc('hired_at'),
        'terminated_at': parse_timestamp_utc('terminated_at'),
        'hourly_cost': parse_number('hourly_cost'),
    },
    'checks': checks,
}) }}
{% endmacro %}

{% macro staging_spec_customers() %}
{%- set checks = timestamp_checks('signed_up_at', required=false)
    + timestamp_checks('churned_at', required=false)
    + order_check('signed_up_at', 'churned_at') -%}
{{ return({
    'key': ['customer_id'],
    'columns': {
        'customer_id': clean_text('customer_id'),
        'account_id': clean_text('account_id'),
        'segment': clean_text('segment', lower=true),
        'plan': clean_text('plan', lower=true),
        'signed_up_at': parse_timestamp_utc('signed_up_at'),
        'churned_at': parse_timestamp_utc('churned_at'),
    },
    'checks': checks,
}) }}
{% endmacro %}

{% macro staging_spec_holidays() %}
{{ return({
    'key': ['schedule_id', 'holiday_date'],
    'columns': {
        'schedule_id': clean_text('schedule_id'),
        'holiday_date': "cast(" ~ parse_timestamp_utc('holiday_date') ~ " as date)",
        'holiday_name': clean_text('holiday_name'),
    },
    'checks': [[is_unparseable('raw_holiday_date', 'holiday_date'),
        "'unparseable holiday_date: ' || raw_holiday_date"]],
}) }}
{% endmacro %}

{% macro staging_spec_leads() %}
{%- set checks = timestamp_checks('created_at')
    + timestamp_checks('first_contacted_at', required=false)
    + timestamp_checks('converted_at', required=false)
    + order_check('created_at', 'first_contacted_at')
    + order_check('created_at', 'converted_at') -%}
{{ return({
    'key': ['lead_id'],
    'columns': {
        'lead_id': clean_text('lead_id'),
        'created_at': parse_timestamp_utc('created_at'),
        'first_contacted_at': parse_timestamp_utc('first_contacted_at'),
        'converted_at': parse_timestamp_utc('converted_at'),
        'agent_id': clean_text('agent_id'),
    },
    'checks': checks,
}) }}
{% endmacro %}

{% macro staging_spec_schedules() %}
{%- set checks = [["timezone is null", "'missing timezone'"],
       ["not " ~ is_valid_timezone('timezone'), "'unknown timezone: ' || raw_timezone"],
       ["day_of_week is null or day_of_week not between 0 and 6 or day_of_week <> floor(day_of_week)",
        "'day_of_week not in 0..6: ' || coalesce(raw_day_of_week, '<null>')"],
       [is_unparseable('raw_start_time', 'start_time'), "'unparseable start_time: ' || raw_start_time"],
       [is_unparseable('raw_end_time', 'end_time'), "'unparseable end_time: ' || raw_end_time"],
       ["end_time <= start_time", "'end_time not after start_time'"],
       [is_unparseable('raw_is_default', parse_boolean('raw_is_default')), "'invalid is_default: ' || raw_is_default"]] -%}
{{ return({
    'key': ['schedule_id', 'day_of_week', 'start_time'],
    'columns': {
        'schedule_id': clean_text('schedule_id'),
        'timezone': clean_text('timezone'),
        'day_of_week': parse_number('day_of_week'),
        'start_time': parse_time_of_day('start_time'),
        'end_time': parse_time_of_day('end_time'),
        'is_default': "coalesce(" ~ parse_boolean('is_default') ~ ", false)",
    },
    'checks': checks,
}) }}
{% endmacro %}

{% macro staging_spec_self_service_sessions() %}
{%- set checks = timestamp_checks('started_at')
    + timestamp_checks('ended_at', required=false)
    + order_check('started_at', 'ended_at')
    + enum_check('entry_point', 'entry_point')
    + enum_check('outcome', 'self_service_outcome') -%}
{{ return({
    'key': ['session_id'],
    'columns': {
        'session_id': clean_text('session_id'),
        'customer_id': clean_text('customer_id'),
        'started_at': parse_timestamp_utc('started_at'),
        'ended_at': parse_timestamp_utc('ended_at'),
        'entry_point': clean_text('entry_point', lower=true),
        'outcome': clean_text('outcome', lower=true),
        'ticket_id': clean_text('ticket_id'),
        'category': clean_text('category', lower=true),
    },
    'checks': checks,
}) }}
{% endmacro %}

{% macro staging_spec_support_costs() %}
{%- set checks = [
       [is_unparseable('raw_month', 'month'), "'unparseable date in month: ' || raw_month"],
       ["month <> " ~ dbt.date_trunc('month', 'month'), "'month is not the first day of a month: ' || raw_month"]]
    + enum_check('cost_type', 'cost_type')
    + number_checks('amount', required=true) -%}
{{ return({
    'key': ['month', 'cost_type'],
    'columns': {
        'month': "cast(" ~ parse_timestamp_utc('month') ~ " as date)",
        'cost_type': clean_text('cost_type', lower=true),
        'amount': parse_number('amount'),
    },
    'checks': checks,
}) }}
{% endmacro %}
