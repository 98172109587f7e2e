{#- One row per month (of the survey being sent) and survey delay bucket
    (docs block metric_survey_delay; buckets from var
    survey_delay_bucket_hours, plus before_resolution): how long after the
    resolution CSAT surveys went out, and the CSAT of each delay, with the
    definitions of the ticket KPI marts (csat_rate: of the answers to CSAT
    surveys sent in the period, the share scoring 4-5). -#}
with surveys as (
    select * from {{ ref('int_survey_delays') }}
    where survey_type = 'csat'
),

as_of as (
    select as_of_at from {{ ref('int_as_of') }}
),

measured as (
    select
        {{ period_start('month', 'sent_at') }} as period_month,
        survey_delay_bucket,
        survey_delay_bucket_order,
        survey_delay_minutes,
        score
    from surveys
),

aggregated as (
    select
        period_month,
        survey_delay_bucket,
        survey_delay_bucket_order,
        count(*) as csat_surveys_sent,
        count(score) as csat_responses,
        count(case when score >= 4 then 1 end) as csat_satisfied_responses,
        avg(cast(score as {{ type_double() }})) as csat_average,
        avg(survey_delay_minutes) as survey_delay_minutes_avg
    from measured
    group by period_month, survey_delay_bucket, survey_delay_bucket_order
),

medians as (
    {{ exact_percentiles(
        'measured', ['period_month', 'survey_delay_bucket'],
        'survey_delay_minutes', {'survey_delay_minutes_median': 0.5}) }}
),

final as (
    select
        aggregated.period_month,
        {{ is_period_complete('month', 'aggregated.period_month', 'as_of.as_of_at') }}
            as is_period_complete,
        aggregated.survey_delay_bucket,
        aggregated.survey_delay_bucket_order,
        aggregated.csat_surveys_sent,
        aggregated.csat_responses,
        aggregated.csat_satisfied_responses,
        {{ safe_ratio('aggregated.csat_satisfied_responses', 'aggregated.csat_responses') }}
            as csat_rate,
        aggregated.csat_average,
        {{ safe_ratio('aggregated.csat_responses', 'aggregated.csat_surveys_sent') }}
            as csat_response_rate,
        medians.survey_delay_minutes_median,
        aggregated.survey_delay_minutes_avg
    from aggregated
    cross join as_of
    left join medians
        on aggregated.period_month = medians.period_month
            and aggregated.survey_delay_bucket = medians.survey_delay_bucket
)

select * from final
