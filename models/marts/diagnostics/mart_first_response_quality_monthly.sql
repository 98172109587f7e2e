{#- One row per month, dimension_name and dimension_value: what first
    responses say (docs block metric_first_response_quality) beside how fast
    they came. Cohort, as FRT in the ticket KPI marts: inbound tickets
    created in the month that have a first response. dimension_name:
    overall ('all'), agent (the first responder, fact_ticket.
    first_response_agent_id) and category. The shares count only first
    responses whose quality is known (the optional message text is there);
    without any text they are null and first_responses_unknown holds every
    first response. -#}
with tickets as (
    select * from {{ ref('fact_ticket') }}
    where first_response_at is not null
),

as_of as (
    select as_of_at from {{ ref('int_as_of') }}
),

sliced as (
    select
        'overall' as dimension_name,
        'all' as dimension_value,
        tickets.*
    from tickets
    union all
    select
        'agent' as dimension_name,
        coalesce(first_response_agent_id, 'unknown') as dimension_value,
        tickets.*
    from tickets
    union all
    select
        'category' as dimension_name,
        coalesce(category, 'unknown') as dimension_value,
        tickets.*
    from tickets
),

measured as (
    select
        {{ period_start('month', 'created_at') }} as period_month,
        dimension_name,
        dimension_value,
        first_response_quality,
        first_response_minutes
    from sliced
),

counted as (
    select
        period_month,
        dimension_name,
        dimension_value,
        count(*) as first_responses,
        count(case when first_response_quality <> 'unknown' then 1 end)
            as first_responses_classified,
        count(case when first_response_quality = 'unknown' then 1 end)
            as first_responses_unknown,
        count(case when first_response_quality in ('substantive', 'help_centre_link') then 1 end)
            as substantive_first_responses,
        count(case when first_response_quality = 'acknowledgement_only' then 1 end)
            as acknowledgement_only_first_responses,
        count(case when first_response_quality = 'help_centre_link' then 1 end)
            as help_centre_link_first_responses,
        avg(first_response_minutes) as first_response_minutes_avg
    from measured
    group by period_month, dimension_name, dimension_value
),

medians as (
    {{ exact_percentiles(
        'measured', ['period_month', 'dimension_name', 'dimension_value'],
        'first_response_minutes', {'first_response_minutes_median': 0.5}) }}
),

final as (
    select
        counted.period_month,
        {{ is_period_complete('month', 'counted.period_month', 'as_of.as_of_at') }}
            as is_period_complete,
        counted.dimension_name,
        counted.dimension_value,
        counted.first_responses,
        counted.first_responses_classified,
        counted.first_responses_unknown,
        counted.substantive_first_responses,
        counted.acknowledgement_only_first_responses,
        counted.help_centre_link_first_responses,
        {{ safe_ratio('counted.substantive_first_responses',
            'counted.first_responses_classified') }} as substantive_first_response_rate,
        {{ safe_ratio('counted.acknowledgement_only_first_responses',
            'counted.first_responses_classified') }} as acknowledgement_only_first_response_rate,
        {{ safe_ratio('counted.help_centre_link_first_responses',
            'counted.first_responses_classified') }} as help_centre_link_first_response_rate,
        medians.first_response_minutes_median,
        counted.first_response_minutes_avg
    from counted
    cross join as_of
    left join medians
        on counted.period_month = medians.period_month
            and counted.dimension_name = medians.dimension_name
            and counted.dimension_value = medians.dimension_value
)

select * from final
