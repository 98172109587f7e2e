{#- One row per grain (daily, weekly, monthly, quarterly), period, slice and
    headline series (kpi_series(): volume, first response, FCR, reopen,
    CSAT, AHT, resolution time, requester wait, escalation, SLA attainment,
    automation resolution, backlog growth, and cost per ticket, monthly and
    overall only), named as the KPI column it carries (one name, one
    meaning), with the sample behind the value, whether the period is
    complete and how many tickets still wait on the series' window (FCR and
    reopen: fcr_pending, reopen_pending; 0 for the others), and the direction
    that is better. is_value_final: complete and nothing pending, so the
    value will not move any more: only such values are compared and scored
    (SPEC section 2). comparable_position numbers the periods that are
    compared with each other: for days the same weekday (so a Monday is
    compared with earlier Mondays and weekly seasonality is not an anomaly),
    for the other grains every period. -#}
{%- set grain_marts = {
    'daily': 'mart_ticket_kpis_daily',
    'weekly': 'mart_ticket_kpis_weekly',
    'monthly': 'mart_ticket_kpis_monthly',
    'quarterly': 'mart_ticket_kpis_quarterly',
} -%}
{%- set selects = [] -%}
-- trends restate the ticket KPIs of marts/tickets and the cost per ticket of
-- marts/operations on purpose (another area's marts: the series must be the
-- KPIs' own numbers)
with
{%- for grain, mart in grain_marts.items() %}
    {{ grain }} as (
        select * from {{ ref(mart) }}
    ),
{% endfor %}
costs as (
    select
        period_start,
        is_period_complete,
        'overall' as slice_name,
        'all' as slice_value,
        tickets_created,
        cost_per_ticket
    from {{ ref('mart_support_costs_monthly') }}
),

unpivoted as (
    {%- for series in kpi_series() %}
        {%- for grain in series['grains'] %}
            {%- set source = 'costs' if series['name'] == 'cost_per_ticket' else grain %}
            {%- set query %}
            select
                '{{ grain }}' as grain,
                period_start,
                slice_name,
                slice_value,
                '{{ series['name'] }}' as series,
                '{{ series['direction'] }}' as series_direction,
                cast({{ series['name'] }} as {{ type_double() }}) as series_value,
                {{ series['sample'] }} as sample_size,
                is_period_complete,
                {{ series['pending'] }} as pending_count,
                {% if grain == 'daily' -%}
                    {{ iso_day_of_week_index('period_start') }}
                {%- else -%}
                    0
                {%- endif %} as comparable_phase
            from {{ source }}
            {%- endset %}
            {%- do selects.append(query) %}
        {%- endfor %}
    {%- endfor %}
    {{ selects | join('\n            union all') }}
),

final as (
    select
        *,
        series = 'tickets_created'
        or coalesce(sample_size >= {{ var('trend_min_sample') }}, false) as is_sample_sufficient,
        is_period_complete and pending_count = 0 as is_value_final,
        row_number() over (
            partition by grain, slice_name, slice_value, series, comparable_phase
            order by period_start
        ) as comparable_position
    from unpivoted
)

select * from final
