-- mart_kpi_trends restates the KPI marts, it does not recompute them: every
-- daily and weekly volume and FCR value equals the KPI mart's for the same
-- period and slice, and no period or slice is lost.
{%- set grains = ['daily', 'weekly'] %}
with kpis as (
    {%- for grain in grains %}
        select
            '{{ grain }}' as grain,
            period_start,
            slice_name,
            slice_value,
            tickets_created,
            fcr_rate
        from {{ ref('mart_ticket_kpis_' ~ grain) }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

trends as (
    select
        grain,
        period_start,
        slice_name,
        slice_value,
        max(case when series = 'tickets_created' then series_value end) as volume,
        max(case when series = 'fcr_rate' then series_value end) as fcr_rate
    from {{ ref('mart_kpi_trends') }}
    group by grain, period_start, slice_name, slice_value
)

select
    kpis.grain,
    kpis.period_start,
    kpis.slice_name,
    kpis.slice_value
from kpis
left join trends
    on kpis.grain = trends.grain
        and kpis.period_start = trends.period_start
        and kpis.slice_name = trends.slice_name
        and kpis.slice_value = trends.slice_value
where trends.grain is null
    or trends.volume <> kpis.tickets_created
    or coalesce(abs(trends.fcr_rate - kpis.fcr_rate) > 1e-12, trends.fcr_rate is not null)
    or (trends.fcr_rate is null and kpis.fcr_rate is not null)
