{#- The headline KPI series that mart_kpi_trends follows and kpi_targets can
    set targets for, each named as the KPI column it carries (one name, one
    meaning): the column of the ticket KPI marts (or, for cost_per_ticket,
    of mart_support_costs_monthly), the sample behind a value, the count of
    tickets still waiting on its window (FCR and reopen; '0' when none), the
    direction that is better (higher, lower; none for volume) and the grains
    it is followed at. -#}
{% macro kpi_series() %}
    {%- set ticket_grains = ['daily', 'weekly', 'monthly', 'quarterly'] -%}
    {{ return([
        {'name': 'tickets_created', 'sample': 'tickets_created', 'pending': '0',
         'direction': 'none', 'grains': ticket_grains},
        {'name': 'first_response_minutes_median', 'sample': 'tickets_with_first_response',
         'pending': '0', 'direction': 'lower', 'grains': ticket_grains},
        {'name': 'fcr_rate', 'sample': 'fcr_first_contact + fcr_not_first_contact',
         'pending': 'fcr_pending', 'direction': 'higher', 'grains': ticket_grains},
        {'name': 'reopen_rate', 'sample': 'reopen_window_elapsed', 'pending': 'reopen_pending',
         'direction': 'lower', 'grains': ticket_grains},
        {'name': 'csat_rate', 'sample': 'csat_responses', 'pending': '0',
         'direction': 'higher', 'grains': ticket_grains},
        {'name': 'aht_seconds', 'sample': 'tickets_with_handle_time', 'pending': '0',
         'direction': 'lower', 'grains': ticket_grains},
        {'name': 'resolution_minutes_median', 'sample': 'tickets_resolved', 'pending': '0',
         'direction': 'lower', 'grains': ticket_grains},
        {'name': 'requester_wait_minutes_median', 'sample': 'tickets_resolved', 'pending': '0',
         'direction': 'lower', 'grains': ticket_grains},
        {'name': 'escalation_rate', 'sample': 'tickets_created', 'pending': '0',
         'direction': 'lower', 'grains': ticket_grains},
        {'name': 'first_reply_sla_attainment_rate', 'sample': 'first_reply_sla_decided',
         'pending': '0', 'direction': 'higher', 'grains': ticket_grains},
        {'name': 'resolution_sla_attainment_rate', 'sample': 'resolution_sla_decided',
         'pending': '0', 'direction': 'higher', 'grains': ticket_grains},
        {'name': 'automation_resolution_rate', 'sample': 'bot_touched_tickets', 'pending': '0',
         'direction': 'higher', 'grains': ticket_grains},
        {'name': 'backlog_growth_rate', 'sample': 'backlog_at_start', 'pending': '0',
         'direction': 'lower', 'grains': ticket_grains},
        {'name': 'cost_per_ticket', 'sample': 'tickets_created', 'pending': '0',
         'direction': 'lower', 'grains': ['monthly']},
    ]) }}
{% endmacro %}
