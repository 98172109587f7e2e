-- mart_kpi_trends restates the KPI marts, it does not recompute them: at
-- every grain each series' value equals the KPI mart's column of its name
-- for the same period and slice (cost_per_ticket: mart_support_costs_monthly),
-- and no period or slice is lost.
{%- set grains = ['daily', 'weekly', 'monthly', 'quarterly'] %}
{%- set ticket_series = [] %}
{%- for series in kpi_series() if series['name'] != 'cost_per_ticket' %}
    {%- do ticket_series.append(series['name']) %}
{%- endfor %}
with kpis as (
    {%- for grain in grains %}
        select
            '{{ grain }}' as grain,
            period_start,
            slice_name,
            slice_value,
            {%- for name in ticket_series %}
                cast({{ name }} as {{ type_double() }}) as {{ name }},
            {%- endfor %}
            cast(null as {{ type_double() }}) as cost_per_ticket
        from {{ ref('mart_ticket_kpis_' ~ grain) }}
        union all
    {%- endfor %}
    select
        'monthly' as grain,
        period_start,
        'overall' as slice_name,
        'cost' as slice_value,
        {%- for name in ticket_series %}
            cast(null as {{ type_double() }}) as {{ name }},
        {%- endfor %}
        cost_per_ticket
    from {{ ref('mart_support_costs_monthly') }}
),

trends as (
    select
        grain,
        period_start,
        slice_name,
        slice_value,
        {%- for series in kpi_series() %}
            max(case when series = '{{ series['name'] }}' then series_value end)
                as {{ series['name'] }},
        {%- endfor %}
        count(*) as series_count
    from (
        select
            grain,
            period_start,
            slice_name,
            series,
            series_value,
            case when series = 'cost_per_ticket' then 'cost' else slice_value end as slice_value
        from {{ ref('mart_kpi_trends') }}
    ) as series_values
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
    {%- for series in kpi_series() %}
        {%- set trend = 'trends.' ~ series['name'] %}
        {%- set kpi = 'kpis.' ~ series['name'] %}
        or coalesce(
            abs({{ trend }} - {{ kpi }}) > 1e-9 * (1 + abs({{ kpi }})),
            ({{ trend }} is null) <> ({{ kpi }} is null)
        )
    {%- endfor %}
