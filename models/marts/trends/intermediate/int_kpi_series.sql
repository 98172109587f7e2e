{#- One row per grain (day, week), period, slice and main series of the KPI
    marts, named as the KPI column it carries (one name, one meaning):
    tickets_created, first_response_minutes_median, fcr_rate, reopen_rate
    and csat_rate, with the sample behind the value, whether the period is
    complete and how many tickets still wait on the series' window (FCR and
    reopen: fcr_pending, reopen_pending; 0 for the others). is_value_final:
    complete and nothing pending, so the value will not move any more: only
    such values are compared and scored (SPEC section 2). comparable_position
    numbers the periods that are compared with each other: for weeks every
    week; for days the same weekday (so a Monday is compared with earlier
    Mondays and weekly seasonality is not an anomaly). Both are 7 days
    apart. -#}
{#- (series, its KPI column, the sample behind it, the count still pending) -#}
{%- set series = [
    ('tickets_created', 'tickets_created', 'tickets_created', '0'),
    ('first_response_minutes_median', 'first_response_minutes_median',
     'tickets_with_first_response', '0'),
    ('fcr_rate', 'fcr_rate', 'fcr_first_contact + fcr_not_first_contact', 'fcr_pending'),
    ('reopen_rate', 'reopen_rate', 'reopen_window_elapsed', 'reopen_pending'),
    ('csat_rate', 'csat_rate', 'csat_responses', '0'),
] -%}
-- trends restate the ticket KPIs of marts/tickets on purpose (another
-- area's marts: the series must be the KPIs' own numbers)
with daily as (
    select * from {{ ref('mart_ticket_kpis_daily') }}
),

weekly as (
    select * from {{ ref('mart_ticket_kpis_weekly') }}
),

unpivoted as (
    {%- for grain in ['daily', 'weekly'] %}
        {%- set outer_loop = loop %}
        {%- for name, value, sample, pending in series %}
            select
                '{{ grain }}' as grain,
                period_start,
                slice_name,
                slice_value,
                '{{ name }}' as series,
                cast({{ value }} as {{ type_double() }}) as series_value,
                {{ sample }} as sample_size,
                is_period_complete,
                {{ pending }} as pending_count,
                {% if grain == 'daily' -%}
                    {{ iso_day_of_week_index('period_start') }}
                {%- else -%}
                    0
                {%- endif %} as comparable_phase
            from {{ grain }}
            {%- if not (outer_loop.last and loop.last) %}
                union all
            {%- endif %}
        {%- endfor %}
    {%- endfor %}
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
