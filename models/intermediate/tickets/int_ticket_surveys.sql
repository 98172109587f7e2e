{#- One row per accepted ticket with surveys: the latest answered CSAT, CES
    and NPS score (by responded_at, then survey_id) and survey counts. -#}
{#- dbt cannot see this read: ticket_scope_filter() reads int_ticket_scope
    on incremental runs only -#}
-- depends_on: {{ ref('int_ticket_scope') }}
with surveys as (
    select * from {{ ref('stg_helpdesk__surveys') }}
    where {{ ticket_scope_filter() }}
),

ranked as (
    select
        surveys.*,
        row_number() over (
            partition by ticket_id, survey_type
            order by responded_at desc, survey_id desc
        ) as recency_rank
    from surveys
    where responded_at is not null and score is not null
),

latest as (
    select
        ticket_id,
        max(case when survey_type = 'csat' then score end) as csat_score,
        max(case when survey_type = 'ces' then score end) as ces_score,
        max(case when survey_type = 'nps' then score end) as nps_score
    from ranked
    where recency_rank = 1
    group by ticket_id
),

counts as (
    select
        ticket_id,
        count(*) as surveys_sent,
        count(case when responded_at is not null then 1 end) as surveys_answered,
        count(case when survey_type = 'csat' then 1 end) as csat_surveys_sent,
        count(case when survey_type = 'csat' and responded_at is not null then 1 end)
            as csat_surveys_answered
    from surveys
    group by ticket_id
),

final as (
    select
        counts.ticket_id,
        counts.surveys_sent,
        counts.surveys_answered,
        counts.csat_surveys_sent,
        counts.csat_surveys_answered,
        latest.csat_score,
        latest.ces_score,
        latest.nps_score
    from counts
    left join latest
        on counts.ticket_id = latest.ticket_id
)

select * from final
