{#- The names of the project's vars (the `vars:` of dbt_project.yml, kept
    equal to it by tests/test_config.py): a var given on the command line
    under another name is a typo, stopped by validate_project_vars. -#}
{% macro project_var_names() %}
    {{ return([
        'helpdesk_source', 'connector_schema', 'connector_data_path',
        'connector_default_priority', 'connector_bot_user_ids', 'zendesk_category_field',
        'zendesk_category_tag_prefix', 'intercom_category_tag_prefix',
        'raw_data_path', 'raw_schema', 'helpdesk_raw_contract', 'helpdesk_enums', 'as_of',
        'as_of_max_days_after_data', 'reopen_window_days', 'fcr_window_hours',
        'fcr_conversation_channels', 'fcr_conversation_gap_minutes', 'aht_outlier_z', 'backlog_growth_alert_pct',
        'backlog_growth_alert_weeks', 'csat_min_response_rate',
        'first_assignment_accuracy_target', 'service_level_seconds', 'service_level_target',
        'interval_minutes', 'utilization_high_threshold', 'utilization_low_threshold',
        'utilization_sustained_weeks', 'tenure_band_days', 'calendar_padding_days',
        'sla_breach_horizon_days',
        'speed_trap_aht_drop_pct', 'speed_trap_reopen_rise', 'scorecard_min_surveys',
        'coaching_signal_z', 'coaching_cherry_pick_ratio', 'coaching_cherry_pick_min_tickets',
        'coaching_fast_aht_z', 'coaching_low_csat_gap', 'coaching_fast_low_csat_min_tickets',
        'coaching_fast_low_csat_min_surveys', 'coaching_low_escalation_ratio',
        'coaching_low_escalation_min_expected', 'coaching_recategorisation_ratio',
        'coaching_recategorisation_min_tickets',
        'anomaly_window_periods', 'anomaly_z_threshold', 'trend_min_sample',
        'insight_gap_ratio', 'change_baseline_days', 'change_after_days', 'change_impact_alpha',
        'change_impact_min_sample', 'churn_risk_window_days', 'churn_risk_min_contacts',
        'churn_risk_low_csat', 'first_response_help_centre_patterns',
        'first_response_acknowledgement_patterns', 'first_response_acknowledgement_max_chars',
        'survey_delay_bucket_hours', 'automation_score_weight_volume',
        'automation_score_weight_agent_hours', 'automation_score_weight_consistency',
        'freshness_warn_after_hours', 'incremental_lookback_hours', 'data_test_scope',
        'plausible_earliest_date', 'plausible_future_hours', 'plausible_planned_days',
        'plausible_max_duration_hours', 'plausible_max_hourly_cost',
        'plausible_max_cost_amount', 'plausible_max_mrr', 'max_raw_value_bytes',
    ]) }}
{% endmacro %}

{#- The message for the first var given with --vars that the project does
    not know, naming the nearest known name; none when all are known. -#}
{% macro unknown_var_problem(given) %}
    {%- set known = project_var_names() -%}
    {%- for name in given if name not in known -%}
        {%- set nearest = namespace(name=none, distance=none) -%}
        {%- for candidate in known -%}
            {%- set distance = edit_distance(name | string, candidate) | int -%}
            {%- if nearest.distance is none or distance < nearest.distance -%}
                {%- set nearest.name = candidate -%}
                {%- set nearest.distance = distance -%}
            {%- endif -%}
        {%- endfor -%}
        {{ return("Invalid configuration: unknown var '" ~ name ~ "' (did you mean '"
            ~ nearest.name ~ "'?). The project's vars are listed in dbt_project.yml.") }}
    {%- endfor -%}
    {{ return(none) }}
{% endmacro %}

{#- Levenshtein distance of two short texts (insertions, deletions and
    substitutions). -#}
{% macro edit_distance(a, b) %}
    {%- set previous = namespace(row=range(b | length + 1) | list) -%}
    {%- for i in range(1, a | length + 1) -%}
        {%- set current = [i] -%}
        {%- for j in range(1, b | length + 1) -%}
            {%- set cost = 0 if a[i - 1] == b[j - 1] else 1 -%}
            {%- do current.append([previous.row[j] + 1, current[j - 1] + 1,
                previous.row[j - 1] + cost] | min) -%}
        {%- endfor -%}
        {%- set previous.row = current -%}
    {%- endfor -%}
    {{ return(previous.row[-1]) }}
{% endmacro %}
