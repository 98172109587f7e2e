{#- One row per agent and week (Monday, UTC): the measures of mart_agent_daily
    over the week and the sustained high / low utilization flags (see macro
    agent_workforce_kpis). -#}
{{ agent_workforce_kpis('week') }}
