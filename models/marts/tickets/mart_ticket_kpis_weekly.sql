{#- One row per week, slice_name and slice_value: mart_ticket_kpis at the
    week grain (the KPIs are computed there). -#}
select * from {{ ref('mart_ticket_kpis') }}
where grain = 'week'
