{#- One row per grain (day, week), period, slice and main series of the KPI
    marts: volume (tickets created), FRT (median first-response minutes),
    FCR rate, reopen rate and CSAT (share 4-5), with the sample behind the
    value. comparable_position numbers the periods that are compared with
    each other: for weeks every week; for days the same weekday (so a Monday
    is compared with earlier Mondays and weekly seasonality is not an
    anomaly). Both are 7 days apart. -#}
{%- set series = [
    ('volume', 'tickets_created', 'tickets_created'),
    ('frt_median_minutes', 'first_response_minutes_median', 'tickets_with_first_response'),
    ('fcr_rate', 'fcr_rate', 'fcr_first_contact + fcr_not_first_contact'),
    ('reopen_rate', 'reopen_rate', 'reopen_window_elapsed'),
    ('csat_rate', 'csat_rate', 'csat_responses'),
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
        {%- for name, value, sample in series %}
            select
                '{{ grain }}' as grain,
                period_start,
                slice_name,
                slice_value,
                '{{ name }}' as series,
                cast({{ value }} as {{ type_double() }}) as series_value,
                {{ sample }} as sample_size,
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
        series = 'volume' or coalesce(sample_size >= {{ var('trend_min_sample') }}, false)
            as is_sample_sufficient,
        row_number() over (
            partition by grain, slice_name, slice_value, series, comparable_phase
            order by period_start
        ) as comparable_position
    from unpivoted
)

select * from final
