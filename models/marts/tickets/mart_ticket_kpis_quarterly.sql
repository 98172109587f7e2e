{#- One row per quarter, slice_name and slice_value: mart_ticket_kpis at the
    quarter grain (the KPIs are computed there). -#}
select * from {{ ref('mart_ticket_kpis') }}
where grain = 'quarter'
