{{ config(enabled=is_helpdesk_source('freshdesk')) }}
{#- One row per row of Freshdesk's satisfaction_rating_value: the rating
    given to one question of a survey response (Freshdesk's scale: 103
    extremely happy .. 100 neutral .. -103 extremely unhappy). -#}
with source as (
    {{ connector_table('satisfaction_rating_value', [
        'satisfaction_rating_id', 'survey_question_id', 'value',
    ]) }}
),

final as (
    select
        {{ connector_id('satisfaction_rating_id') }} as rating_id,
        {{ clean_text('survey_question_id') }} as survey_question_id,
        {{ clean_text('value') }} as rating_value,
        -- the account (connector schema) the row was read from
        source_relation
    from source
)

select * from final
