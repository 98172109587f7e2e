{#- One row per month, slice_name and slice_value: the core ticket KPIs
    (see macro ticket_kpis for the cohort of each column). -#}
{{ ticket_kpis('month') }}
