{#- One row per accepted survey: the delay from the ticket's resolution to
    the survey being sent (docs block metric_survey_delay). The resolution is
    the latest one at or before sent_at (a survey sent after a reopen waits
    from the resolution that followed it); a survey sent before any
    resolution has no delay and the bucket before_resolution. Buckets: var
    survey_delay_bucket_hours, boundaries in hours, each bucket from its
    lower boundary (inclusive) to the next (exclusive). -#}
{%- set bounds = var('survey_delay_bucket_hours') -%}
{%- set hours = [] -%}
{%- for bound in bounds -%}
    {%- do hours.append(((bound | int) if bound == (bound | int) else bound) ~ 'h') -%}
{%- endfor -%}
{#- under_1h, 1h_to_24h, 24h_to_72h (default), then 72h_and_over -#}
{%- set labels = ['under_' ~ hours[0]] -%}
{%- for label in hours[1:] -%}
    {%- do labels.append(hours[loop.index0] ~ '_to_' ~ label) -%}
{%- endfor -%}
with surveys as (
    select * from {{ ref('stg_helpdesk__surveys') }}
),

resolutions as (
    select
        ticket_id,
        event_at as resolved_at
    from {{ ref('int_ticket_status_history') }}
    where is_resolution
),

preceding as (
    select
        surveys.survey_id,
        max(resolutions.resolved_at) as resolved_at
    from surveys
    inner join resolutions
        on surveys.ticket_id = resolutions.ticket_id
            and surveys.sent_at >= resolutions.resolved_at
    group by surveys.survey_id
),

measured as (
    select
        surveys.survey_id,
        surveys.ticket_id,
        surveys.survey_type,
        surveys.sent_at,
        surveys.responded_at,
        surveys.score,
        preceding.resolved_at,
        {{ seconds_between('preceding.resolved_at', 'surveys.sent_at') }} / 60.0
            as survey_delay_minutes
    from surveys
    left join preceding
        on surveys.survey_id = preceding.survey_id
),

final as (
    select
        measured.*,
        case
            when survey_delay_minutes is null then 'before_resolution'
            {%- for bound in bounds %}
                when survey_delay_minutes < {{ bound * 60 }} then '{{ labels[loop.index0] }}'
            {%- endfor %}
            else '{{ hours[-1] }}_and_over'
        end as survey_delay_bucket,
        case
            when survey_delay_minutes is null then 0
            {%- for bound in bounds %}
                when survey_delay_minutes < {{ bound * 60 }} then {{ loop.index }}
            {%- endfor %}
            else {{ bounds | length + 1 }}
        end as survey_delay_bucket_order
    from measured
)

select * from final
