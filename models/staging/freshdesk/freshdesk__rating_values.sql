{{ config(enabled=is_helpdesk_source('freshdesk')) }}
{#- One row per row of Freshdesk's satisfaction_rating_value, ranked: the
    survey's default question (survey_question_id default_question, else
    the question first by id) gives a response its csat score
    (value_number 1); the other questions are not read. -#}
with rating_values as (
    select * from {{ ref('base_freshdesk__satisfaction_rating_value') }}
),

final as (
    select
        rating_id,
        survey_question_id,
        rating_value,
        row_number() over (
            partition by rating_id
            order by
                case when survey_question_id = 'default_question' then 0 else 1 end,
                survey_question_id,
                rating_value
        ) as value_number
    from rating_values
)

select * from final
