{#- One row per agent and UTC day: status and schedule minutes, utilization,
    occupancy, availability, adherence, tickets handled and resolved (see
    macro agent_workforce_kpis). -#}
{{ agent_workforce_kpis('day') }}
