{#- One row per slice (every slice of the KPI marts but overall), metric
    and month of mart_ticket_kpis_monthly: the slice's value next to the
    overall value of the same month, and how many times worse it is.
    For measures where higher is worse (median first response and resolution
    minutes, AHT, reopen and escalation rate) gap_ratio = slice / overall;
    for rates where lower is worse (FCR, CSAT) it compares the shortfalls:
    (1 - slice) / (1 - overall). A gap_ratio of 3 reads "three times worse".
    Each metric is named as its KPI column (one name, one meaning);
    pending_count is the overall count of tickets still inside the metric's
    window (FCR, reopen; 0 for the others) and is_value_final says the month
    is complete with nothing pending: mart_insights reports final values
    only (SPEC section 2). -#}
{#- (metric = its KPI column, the sample behind it, the pending count, worse when) -#}
{%- set metrics = [
    ('first_response_minutes_median', 'tickets_with_first_response', '0', 'higher'),
    ('resolution_minutes_median', 'tickets_resolved', '0', 'higher'),
    ('aht_seconds', 'tickets_with_handle_time', '0', 'higher'),
    ('reopen_rate', 'reopen_window_elapsed', 'reopen_pending', 'higher'),
    ('escalation_rate', 'tickets_created', '0', 'higher'),
    ('fcr_rate', 'fcr_first_contact + fcr_not_first_contact', 'fcr_pending', 'lower'),
    ('csat_rate', 'csat_responses', '0', 'lower'),
] -%}
-- trends restate the ticket KPIs of marts/tickets on purpose (another
-- area's marts: the series must be the KPIs' own numbers)
with monthly as (
    select * from {{ ref('mart_ticket_kpis_monthly') }}
),

metric_values as (
    {%- for name, sample, pending, worse in metrics %}
        select
            period_start,
            slice_name,
            slice_value,
            '{{ name }}' as metric,
            '{{ worse }}' as worse_when,
            cast({{ name }} as {{ type_double() }}) as metric_value,
            {{ sample }} as sample_size,
            {{ pending }} as pending_count,
            is_period_complete
        from monthly
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

final as (
    select
        segment.period_start,
        segment.slice_name,
        segment.slice_value,
        segment.metric,
        segment.worse_when,
        segment.metric_value,
        segment.sample_size,
        overall.metric_value as overall_value,
        overall.sample_size as overall_sample_size,
        overall.pending_count,
        overall.is_period_complete and overall.pending_count = 0 as is_value_final,
        case
            when segment.worse_when = 'higher'
                then segment.metric_value / nullif(overall.metric_value, 0)
            else (1 - segment.metric_value) / nullif(1 - overall.metric_value, 0)
        end as gap_ratio
    from metric_values as segment
    inner join metric_values as overall
        on segment.period_start = overall.period_start
            and segment.metric = overall.metric
            and overall.slice_name = 'overall'
    where segment.slice_name <> 'overall'
)

select * from final
