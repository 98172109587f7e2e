{#- Checks every var of the project before anything runs (on-run-start). The
    first bad value stops the run with one message that names the var. -#}
{% macro validate_project_vars() %}
    {%- set given = invocation_args_dict.get('vars') or {} -%}
    {%- if given is string -%}{%- set given = fromyaml(given) or {} -%}{%- endif -%}
    {%- set problem = unknown_var_problem(given) if given is mapping else none -%}
    {%- if problem -%}
        {{ exceptions.raise_compiler_error(problem) }}
    {%- endif -%}
    {%- set problem = project_var_problem({}) -%}
    {%- if problem -%}
        {{ exceptions.raise_compiler_error(problem) }}
    {%- endif -%}
    select 1
{% endmacro %}

{#- The first problem of the project's vars, as the one message that
    validate_project_vars raises, or none. overrides: values checked in place
    of the vars of those names (check_var_values). -#}
{% macro project_var_problem(overrides) %}
    {%- set numbers = [
        ('reopen_window_days', 0, none, false),
        ('fcr_window_hours', 0, none, false),
        ('fcr_conversation_gap_minutes', 0, none, false),
        ('aht_outlier_z', 0, none, false),
        ('backlog_growth_alert_pct', 0, none, false),
        ('service_level_seconds', 0, none, false),
        ('calendar_padding_days', 0, none, false),
        ('sla_breach_horizon_days', 0, 3660, true),
        ('speed_trap_aht_drop_pct', 0, none, false),
        ('anomaly_z_threshold', 0, none, false),
        ('churn_risk_window_days', 0, none, false),
        ('automation_score_weight_volume', 0, none, false),
        ('automation_score_weight_agent_hours', 0, none, false),
        ('automation_score_weight_consistency', 0, none, false),
        ('freshness_warn_after_hours', 0, none, false),
        ('incremental_lookback_hours', 0, none, false),
        ('backlog_growth_alert_weeks', 1, none, true),
        ('interval_minutes', 1, 1440, true),
        ('utilization_sustained_weeks', 1, none, true),
        ('speed_trap_reopen_rise', 0, 1, false),
        ('scorecard_min_surveys', 0, none, true),
        ('coaching_signal_z', 0, none, false),
        ('coaching_cherry_pick_ratio', 1, none, false),
        ('coaching_cherry_pick_min_tickets', 1, none, true),
        ('coaching_fast_aht_z', 0, none, false),
        ('coaching_low_csat_gap', 0, 1, false),
        ('coaching_fast_low_csat_min_tickets', 1, none, true),
        ('coaching_fast_low_csat_min_surveys', 1, none, true),
        ('coaching_low_escalation_ratio', 0, 1, false),
        ('coaching_low_escalation_min_expected', 1, none, false),
        ('coaching_recategorisation_ratio', 1, none, false),
        ('coaching_recategorisation_min_tickets', 1, none, true),
        ('anomaly_window_periods', 3, none, true),
        ('trend_min_sample', 1, none, true),
        ('insight_gap_ratio', 1, none, false),
        ('change_baseline_days', 1, none, true),
        ('change_after_days', 1, none, true),
        ('change_impact_alpha', 0.0001, 0.5, false),
        ('change_impact_min_sample', 2, none, true),
        ('churn_risk_min_contacts', 1, none, true),
        ('churn_risk_low_csat', 1, 5, true),
        ('csat_min_response_rate', 0, 1, false),
        ('first_assignment_accuracy_target', 0, 1, false),
        ('service_level_target', 0, 1, false),
        ('utilization_high_threshold', 0, 1, false),
        ('utilization_low_threshold', 0, 1, false),
        ('plausible_future_hours', 0, none, false),
        ('plausible_planned_days', 0, none, false),
        ('plausible_max_duration_hours', 0, none, false),
        ('plausible_max_hourly_cost', 0, none, false),
        ('plausible_max_cost_amount', 0, none, false),
        ('plausible_max_mrr', 0, none, false),
        ('max_raw_value_bytes', 1, none, true),
        ('as_of_max_days_after_data', 0, none, false),
    ] -%}
    {#- in this order; the two checks of combined values follow the last var they read -#}
    {%- for name, minimum, maximum, integer in numbers -%}
        {%- set value = project_setting(name, overrides) -%}
        {%- set problem = number_var_problem(name, value, minimum, maximum, integer) -%}
        {%- if problem -%}{{ return(problem) }}{%- endif -%}
        {%- if name == 'interval_minutes' and 1440 % (value | int) != 0 -%}
            {{ return(config_problem('interval_minutes', value,
                'a whole number of minutes that divides a day (e.g. 15, 30, 60)')) }}
        {%- endif -%}
        {%- if name == 'churn_risk_low_csat' -%}
            {%- set weights = [
                project_setting('automation_score_weight_volume', overrides),
                project_setting('automation_score_weight_agent_hours', overrides),
                project_setting('automation_score_weight_consistency', overrides),
            ] -%}
            {%- if weights | sum <= 0 -%}
                {{ return(config_problem('automation_score_weight_volume', weights[0],
                    'weights whose sum is above 0 (with automation_score_weight_agent_hours'
                    ~ ' and automation_score_weight_consistency)')) }}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}

    {%- set channels = project_setting('fcr_conversation_channels', overrides) -%}
    {%- if channels is string or channels is not iterable or channels is mapping -%}
        {{ return(config_problem('fcr_conversation_channels', channels,
            'a list of channels out of ' ~ helpdesk_enums().channel | join(', '))) }}
    {%- endif -%}
    {%- for channel in channels -%}
        {%- if channel not in helpdesk_enums().channel -%}
            {{ return(config_problem('fcr_conversation_channels', channel,
                'a channel out of ' ~ helpdesk_enums().channel | join(', '))) }}
        {%- endif -%}
    {%- endfor -%}

    {%- set bands = project_setting('tenure_band_days', overrides) -%}
    {%- if bands is string or bands is not iterable or bands | length != 2
        or bands[0] is not number or bands[1] is not number
        or bands[0] is sameas true or bands[1] is sameas true
        or bands[0] <= 0 or bands[1] <= bands[0] -%}
        {{ return(config_problem('tenure_band_days', bands,
            'two increasing positive numbers of days')) }}
    {%- endif -%}

    {%- set problem = feedback_var_problem(overrides) -%}
    {%- if problem -%}{{ return(problem) }}{%- endif -%}

    {%- set as_of = project_setting('as_of', overrides) -%}
    {%- if as_of is not none and not is_valid_iso_timestamp(as_of | string) -%}
        {{ return(config_problem('as_of', as_of, 'null or an ISO-8601 timestamp')) }}
    {%- endif -%}

    {%- set earliest = project_setting('plausible_earliest_date', overrides) -%}
    {%- if earliest is none or not modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', earliest | string)
        or not is_valid_iso_timestamp(earliest | string) -%}
        {{ return(config_problem('plausible_earliest_date', earliest, 'a date, YYYY-MM-DD')) }}
    {%- endif -%}

    {%- set test_scope = project_setting('data_test_scope', overrides) -%}
    {%- if test_scope not in ['changed', 'all'] -%}
        {{ return(config_problem('data_test_scope', test_scope, "'changed' or 'all'")) }}
    {%- endif -%}

    {%- set schema = project_setting('raw_schema', overrides) -%}
    {%- if schema is not string or not modules.re.match('^[A-Za-z_][A-Za-z0-9_]*$', schema) -%}
        {{ return(config_problem('raw_schema', schema,
            'a plain schema name (letters, digits, underscores)')) }}
    {%- endif -%}

    {%- set path = project_setting('raw_data_path', overrides) -%}
    {%- if path is none or path is not string or path | trim == '' -%}
        {{ return(config_problem('raw_data_path', path, 'the directory of the raw dataset')) }}
    {%- endif -%}

    {%- set problem = connector_var_problem(overrides) -%}
    {%- if problem -%}{{ return(problem) }}{%- endif -%}
    {{ return(none) }}
{% endmacro %}

{#- The vars that choose and describe a connector source (docs/connectors.md). -#}
{% macro connector_var_problem(overrides) %}
    {%- set identifier = '^[A-Za-z_][A-Za-z0-9_]*$' -%}
    {%- set system = project_setting('helpdesk_source', overrides) -%}
    {%- if system not in connector_systems() -%}
        {{ return(config_problem('helpdesk_source', system,
            "one of '" ~ connector_systems() | join("', '") ~ "'")) }}
    {%- endif -%}
    {%- set schema = project_setting('connector_schema', overrides) -%}
    {%- set schemas = [schema] if schema is string or schema is none else schema -%}
    {%- set plain = [] -%}
    {%- if schemas is iterable and schema is not mapping -%}
        {%- for name in schemas -%}
            {%- if name is none and schemas | length == 1
                or name is string and modules.re.match(identifier, name | trim) -%}
                {%- do plain.append(name) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if schema is mapping or schemas is not iterable or schemas | length == 0
        or plain | length != schemas | length
        or schemas | unique | list | length != schemas | length -%}
        {{ return(config_problem('connector_schema', schema,
            'a plain schema name (letters, digits, underscores), a list of distinct ones'
            ~ ' (one per account), or null')) }}
    {%- endif -%}
    {%- set data_path = project_setting('connector_data_path', overrides) -%}
    {%- set data_paths = [data_path] if data_path is string or data_path is none else data_path -%}
    {%- if data_path is mapping or data_paths is not iterable
        or (data_path is not none and (data_paths | length == 0
            or data_paths | reject('string') | list | length > 0
            or data_paths | map('trim') | select('equalto', '') | list | length > 0)) -%}
        {{ return(config_problem('connector_data_path', data_path,
            'the directory of the exported connector tables, a list of them (one per schema'
            ~ ' of connector_schema), or null')) }}
    {%- endif -%}
    {%- if data_path is not none and data_paths | length != schemas | length -%}
        {{ return(config_problem('connector_data_path', data_path,
            'one directory per schema of connector_schema (' ~ schemas | length ~ ')')) }}
    {%- endif -%}
    {%- set priority = project_setting('connector_default_priority', overrides) -%}
    {%- if priority not in helpdesk_enums()['priority'] -%}
        {{ return(config_problem('connector_default_priority', priority,
            "one of '" ~ helpdesk_enums()['priority'] | join("', '") ~ "'")) }}
    {%- endif -%}
    {%- set bots = project_setting('connector_bot_user_ids', overrides) -%}
    {%- if bots is string or bots is mapping or bots is not iterable -%}
        {{ return(config_problem('connector_bot_user_ids', bots, 'a list of user ids')) }}
    {%- endif -%}
    {%- set field = project_setting('zendesk_category_field', overrides) -%}
    {%- if field is not none and (field | string | trim == '') -%}
        {{ return(config_problem('zendesk_category_field', field,
            'a ticket field name as ticket_field_history names it, or null')) }}
    {%- endif -%}
    {%- set prefix = project_setting('zendesk_category_tag_prefix', overrides) -%}
    {%- if prefix is not none and prefix is not string -%}
        {{ return(config_problem('zendesk_category_tag_prefix', prefix, 'a tag prefix, or null')) }}
    {%- endif -%}
    {%- set intercom_prefix = project_setting('intercom_category_tag_prefix', overrides) -%}
    {%- if intercom_prefix is not none and intercom_prefix is not string -%}
        {{ return(config_problem('intercom_category_tag_prefix', intercom_prefix,
            'a tag prefix, or null')) }}
    {%- endif -%}
    {%- set path = project_setting('raw_data_path', overrides) -%}
    {%- if system != 'helpdesk' and path is string
        and path.rstrip('/').split('/')[-1] == 'demo_data' -%}
        {{ return(config_problem('raw_data_path', path,
            "the directory of the tables " ~ system ~ " does not carry (work sessions, calls, "
            ~ "shifts ...) or none: with helpdesk_source '" ~ system ~ "' the demo data's "
            ~ "tables would be mixed in")) }}
    {%- endif -%}
    {{ return(none) }}
{% endmacro %}

{% macro project_setting(name, overrides) %}
    {{ return(overrides[name] if name in overrides else var(name)) }}
{% endmacro %}

{% macro number_var_problem(name, value, minimum, maximum, integer) %}
    {%- set expected = ('a whole number' if integer else 'a number')
        ~ (' >= ' ~ minimum if minimum is not none else '')
        ~ (' and <= ' ~ maximum if maximum is not none else '') -%}
    {%- if value is not number or value is sameas true or value is sameas false -%}
        {{ return(config_problem(name, value, expected)) }}
    {%- endif -%}
    {#- not a number, or infinite (YAML .nan, .inf) -#}
    {%- if value != value or (value != 0 and value == value * 2) -%}
        {{ return(config_problem(name, value, expected)) }}
    {%- endif -%}
    {%- if (minimum is not none and value < minimum)
        or (maximum is not none and value > maximum)
        or (integer and value != value | int) -%}
        {{ return(config_problem(name, value, expected)) }}
    {%- endif -%}
    {{ return(none) }}
{% endmacro %}

{% macro config_problem(name, value, expected) %}
    {{ return("Invalid configuration: var '" ~ name ~ "' = " ~ (value | tojson)
        ~ " (expected " ~ expected ~ ").") }}
{% endmacro %}

{#- For tests: the problem each set of overrides gives, one line of JSON per
    case ({"case": i, "problem": message or null}). cases: a list of
    mappings of var name to value.
    dbt run-operation check_var_values --args '{cases: [{as_of: "x"}]}' -#}
{% macro check_var_values(cases) %}
    {%- for overrides in cases -%}
        {{ print(tojson({'case': loop.index0, 'problem': project_var_problem(overrides)})) }}
    {%- endfor -%}
{% endmacro %}

{#- An ISO-8601 date or timestamp (optional offset) that names a real instant:
    month 1-12, a day that exists in that month, hour < 24, minute and second
    < 60, an offset within +-14:00. -#}
{% macro is_valid_iso_timestamp(text) %}
    {%- set match = modules.re.match(
        '^(\d{4})-(\d{2})-(\d{2})([T ](\d{2}):(\d{2})(:(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}(:?\d{2})?)?)?$',
        text.upper()) -%}
    {%- if not match -%}{{ return(false) }}{%- endif -%}
    {%- set year, month, day = match.group(1) | int, match.group(2) | int, match.group(3) | int -%}
    {%- if month < 1 or month > 12 or day < 1 or year < 1 -%}{{ return(false) }}{%- endif -%}
    {%- if month == 12 -%}
        {%- set days_in_month = 31 -%}
    {%- else -%}
        {%- set next_month = modules.datetime.date(year, month + 1, 1) -%}
        {%- set days_in_month = (next_month - modules.datetime.timedelta(days=1)).day -%}
    {%- endif -%}
    {%- if day > days_in_month -%}{{ return(false) }}{%- endif -%}
    {%- if match.group(5) and ((match.group(5) | int) > 23 or (match.group(6) | int) > 59
        or (match.group(8) and (match.group(8) | int) > 59)) -%}
        {{ return(false) }}
    {%- endif -%}
    {#- an offset names a real zone: within +-14:00, minutes < 60 -#}
    {%- set offset = match.group(10) -%}
    {%- if offset and offset != 'Z' -%}
        {%- set digits = offset[1:] | replace(':', '') -%}
        {%- set hours = digits[:2] | int -%}
        {%- set minutes = (digits[2:] or '0') | int -%}
        {%- if minutes > 59 or hours * 60 + minutes > 14 * 60 -%}{{ return(false) }}{%- endif -%}
    {%- endif -%}
    {{ return(true) }}
{% endmacro %}
