{#- The headline KPIs that mart_change_impact compares before and after a
    change (docs block metric_change_impact), one entry per KPI, read by
    int_change_kpi_observations (which observations, and their values) and
    mart_change_impact (one row per change and KPI, even without
    observations). Each KPI keeps the definition and cohort of its column
    in mart_ticket_kpis (docs block `docs_block`):
    - source: tickets (fact_ticket) or csat_answers (answered CSAT surveys);
    - cohort: the timestamp column that puts an observation in a window;
    - condition: which rows of the source are observations (SQL on its
      columns); pending: those still inside their own window at as_of
      (counted beside the value, never in it); value: the observation's
      value (SQL; 0/1 for a rate);
    - aggregate: median, rate or mean; test: mann_whitney_u,
      two_proportion_z or welch_t; direction: lower/higher_is_better. -#}
{% macro change_impact_kpis() %}
    {%- set fcr_decided = "fcr_status in ('first_contact', 'not_first_contact')" -%}
    {{ return([
        {'name': 'first_response_minutes_median', 'docs_block': 'metric_first_response_time',
         'source': 'tickets', 'cohort': 'created_at', 'aggregate': 'median',
         'unit': 'minutes', 'test': 'mann_whitney_u', 'direction': 'lower_is_better',
         'condition': 'first_response_minutes is not null', 'pending': 'false',
         'value': 'first_response_minutes'},
        {'name': 'resolution_minutes_median', 'docs_block': 'metric_resolution_time',
         'source': 'tickets', 'cohort': 'resolved_at', 'aggregate': 'median',
         'unit': 'minutes', 'test': 'mann_whitney_u', 'direction': 'lower_is_better',
         'condition': 'resolution_minutes is not null', 'pending': 'false',
         'value': 'resolution_minutes'},
        {'name': 'aht_seconds', 'docs_block': 'metric_aht',
         'source': 'tickets', 'cohort': 'resolved_at', 'aggregate': 'mean',
         'unit': 'seconds', 'test': 'welch_t', 'direction': 'lower_is_better',
         'condition': 'not is_automated_resolution and handle_seconds is not null',
         'pending': 'false', 'value': 'handle_seconds'},
        {'name': 'fcr_rate', 'docs_block': 'metric_fcr_rate',
         'source': 'tickets', 'cohort': 'first_resolved_at', 'aggregate': 'rate',
         'unit': 'fraction', 'test': 'two_proportion_z', 'direction': 'higher_is_better',
         'condition': '(is_fcr_window_elapsed and ' ~ fcr_decided ~ ') or (not '
            ~ "is_fcr_window_elapsed and fcr_status in ('pending', 'not_first_contact'))",
         'pending': 'not is_fcr_window_elapsed',
         'value': "case when fcr_status = 'first_contact' then 1 else 0 end"},
        {'name': 'reopen_rate', 'docs_block': 'metric_reopen_rate',
         'source': 'tickets', 'cohort': 'first_resolved_at', 'aggregate': 'rate',
         'unit': 'fraction', 'test': 'two_proportion_z', 'direction': 'lower_is_better',
         'condition': 'true', 'pending': 'not is_reopen_window_elapsed',
         'value': 'case when is_reopened_within_window then 1 else 0 end'},
        {'name': 'escalation_rate', 'docs_block': 'metric_escalation_rate',
         'source': 'tickets', 'cohort': 'created_at', 'aggregate': 'rate',
         'unit': 'fraction', 'test': 'two_proportion_z', 'direction': 'lower_is_better',
         'condition': 'true', 'pending': 'false',
         'value': 'case when is_escalated then 1 else 0 end'},
        {'name': 'one_touch_rate', 'docs_block': 'metric_one_touch_rate',
         'source': 'tickets', 'cohort': 'resolved_at', 'aggregate': 'rate',
         'unit': 'fraction', 'test': 'two_proportion_z', 'direction': 'higher_is_better',
         'condition': 'true', 'pending': 'false',
         'value': 'case when is_one_touch then 1 else 0 end'},
        {'name': 'first_response_sla_breach_rate',
         'docs_block': 'metric_first_response_sla_breach_rate',
         'source': 'tickets', 'cohort': 'created_at', 'aggregate': 'rate',
         'unit': 'fraction', 'test': 'two_proportion_z', 'direction': 'lower_is_better',
         'condition': 'is_first_response_sla_breached is not null', 'pending': 'false',
         'value': 'case when is_first_response_sla_breached then 1 else 0 end'},
        {'name': 'automation_resolution_rate',
         'docs_block': 'metric_automation_resolution_rate',
         'source': 'tickets', 'cohort': 'created_at', 'aggregate': 'rate',
         'unit': 'fraction', 'test': 'two_proportion_z', 'direction': 'higher_is_better',
         'condition': 'is_bot_touched', 'pending': 'false',
         'value': 'case when is_automated_resolution then 1 else 0 end'},
        {'name': 'csat_rate', 'docs_block': 'metric_csat_rate',
         'source': 'csat_answers', 'cohort': 'sent_at', 'aggregate': 'rate',
         'unit': 'fraction', 'test': 'two_proportion_z', 'direction': 'higher_is_better',
         'condition': 'true', 'pending': 'false',
         'value': 'case when score >= 4 then 1 else 0 end'},
    ]) }}
{% endmacro %}
