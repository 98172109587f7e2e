{#- Checks every var of the project before anything runs. The first bad value
    stops the run with one message that names the var. -#}
{% macro validate_project_vars() %}
    {%- set non_negative = [
        'reopen_window_days', 'fcr_window_hours', 'fcr_conversation_gap_minutes',
        'aht_outlier_z', 'backlog_growth_alert_pct', 'service_level_seconds',
        'calendar_padding_days', 'speed_trap_aht_drop_pct', 'anomaly_z_threshold',
        'churn_risk_window_days', 'automation_score_weight_volume',
        'automation_score_weight_agent_hours', 'automation_score_weight_consistency',
        'freshness_warn_after_hours', 'incremental_lookback_hours',
    ] -%}
    {%- for name in non_negative -%}
        {%- do check_number_var(name, 0, none) -%}
    {%- endfor -%}
    {%- do check_number_var('backlog_growth_alert_weeks', 1, none, integer=true) -%}
    {%- do check_number_var('interval_minutes', 1, 1440, integer=true) -%}
    {%- if 1440 % (var('interval_minutes') | int) != 0 -%}
        {{ config_error('interval_minutes', var('interval_minutes'), 'a whole number of minutes that divides a day (e.g. 15, 30, 60)') }}
    {%- endif -%}
    {%- do check_number_var('utilization_sustained_weeks', 1, none, integer=true) -%}
    {%- do check_number_var('speed_trap_reopen_rise', 0, 1) -%}
    {%- do check_number_var('scorecard_min_surveys', 0, none, integer=true) -%}
    {%- do check_number_var('anomaly_window_periods', 3, none, integer=true) -%}
    {%- do check_number_var('trend_min_sample', 1, none, integer=true) -%}
    {%- do check_number_var('insight_gap_ratio', 1, none) -%}
    {%- do check_number_var('churn_risk_min_contacts', 1, none, integer=true) -%}
    {%- do check_number_var('churn_risk_low_csat', 1, 5, integer=true) -%}
    {%- if var('automation_score_weight_volume') + var('automation_score_weight_agent_hours')
        + var('automation_score_weight_consistency') <= 0 -%}
        {{ config_error('automation_score_weight_volume', var('automation_score_weight_volume'),
            'weights whose sum is above 0 (with automation_score_weight_agent_hours and automation_score_weight_consistency)') }}
    {%- endif -%}
    {%- for name in ['csat_min_response_rate', 'first_assignment_accuracy_target',
                     'service_level_target', 'utilization_high_threshold',
                     'utilization_low_threshold'] -%}
        {%- do check_number_var(name, 0, 1) -%}
    {%- endfor -%}

    {%- set channels = var('fcr_conversation_channels') -%}
    {%- if channels is string or channels is not iterable or channels is mapping -%}
        {{ config_error('fcr_conversation_channels', channels,
            'a list of channels out of ' ~ helpdesk_enums().channel | join(', ')) }}
    {%- endif -%}
    {%- for channel in channels -%}
        {%- if channel not in helpdesk_enums().channel -%}
            {{ config_error('fcr_conversation_channels', channel,
                'a channel out of ' ~ helpdesk_enums().channel | join(', ')) }}
        {%- endif -%}
    {%- endfor -%}

    {%- set bands = var('tenure_band_days') -%}
    {%- if bands is string or bands is not iterable or bands | length != 2
        or bands[0] is not number or bands[1] is not number
        or bands[0] is sameas true or bands[1] is sameas true
        or bands[0] <= 0 or bands[1] <= bands[0] -%}
        {{ config_error('tenure_band_days', bands, 'two increasing positive numbers of days') }}
    {%- endif -%}

    {%- set as_of = var('as_of') -%}
    {%- if as_of is not none and not is_valid_iso_timestamp(as_of | string) -%}
        {{ config_error('as_of', as_of, 'null or an ISO-8601 timestamp') }}
    {%- endif -%}

    {%- set schema = var('raw_schema') -%}
    {%- if schema is not string or not modules.re.match('^[A-Za-z_][A-Za-z0-9_]*$', schema) -%}
        {{ config_error('raw_schema', schema, 'a plain schema name (letters, digits, underscores)') }}
    {%- endif -%}

    {%- set path = var('raw_data_path') -%}
    {%- if path is none or path is not string or path | trim == '' -%}
        {{ config_error('raw_data_path', path, 'the directory of the raw dataset') }}
    {%- endif -%}
    select 1
{% endmacro %}

{% macro check_number_var(name, minimum, maximum, integer=false) %}
    {%- set value = var(name) -%}
    {%- set expected = ('a whole number' if integer else 'a number')
        ~ (' >= ' ~ minimum if minimum is not none else '')
        ~ (' and <= ' ~ maximum if maximum is not none else '') -%}
    {%- if value is not number or value is sameas true or value is sameas false -%}
        {{ config_error(name, value, expected) }}
    {%- endif -%}
    {%- if (minimum is not none and value < minimum)
        or (maximum is not none and value > maximum)
        or (integer and value != value | int) -%}
        {{ config_error(name, value, expected) }}
    {%- endif -%}
{% endmacro %}

{% macro config_error(name, value, expected) %}
    {{ exceptions.raise_compiler_error(
        "Invalid configuration: var '" ~ name ~ "' = " ~ (value | tojson)
        ~ " (expected " ~ expected ~ ").") }}
{% endmacro %}

{#- An ISO-8601 date or timestamp (optional offset) that names a real instant:
    month 1-12, a day that exists in that month, hour < 24, minute and second
    < 60. -#}
{% macro is_valid_iso_timestamp(text) %}
    {%- set match = modules.re.match(
        '^(\d{4})-(\d{2})-(\d{2})([T ](\d{2}):(\d{2})(:(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}(:?\d{2})?)?)?$',
        text.upper()) -%}
    {%- if not match -%}{{ return(false) }}{%- endif -%}
    {%- set year, month, day = match.group(1) | int, match.group(2) | int, match.group(3) | int -%}
    {%- if month < 1 or month > 12 or day < 1 or year < 1 -%}{{ return(false) }}{%- endif -%}
    {%- set next_month = modules.datetime.date(year + (month // 12), month % 12 + 1, 1) -%}
    {%- set days_in_month = (next_month - modules.datetime.timedelta(days=1)).day -%}
    {%- if day > days_in_month -%}{{ return(false) }}{%- endif -%}
    {%- if match.group(5) and ((match.group(5) | int) > 23 or (match.group(6) | int) > 59
        or (match.group(8) and (match.group(8) | int) > 59)) -%}
        {{ return(false) }}
    {%- endif -%}
    {{ return(true) }}
{% endmacro %}
