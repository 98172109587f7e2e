{{ config(enabled=is_helpdesk_source('intercom')) }}
{#- The surveys table of SPEC section 1 from Intercom's conversation
    ratings (docs/connectors/intercom.md): one csat survey per rated
    conversation (its latest version), the rating (1-5) through the value
    map, answered when it was rated (conversation_rating_created_at, else
    the latest version's update). Intercom's connector keeps no record of
    a rating request that was never answered: every survey here is
    answered, and sent when it was answered. -#}
with versions as (
    select * from {{ ref('intercom__conversation_versions') }}
),

value_maps as (
    -- matched case-insensitively (the data's values are lower-cased)
    select * from {{ ref('connector__value_maps') }}
),

rated as (
    select
        conversation_id,
        rating_value,
        coalesce(rated_at, updated_at) as rated_at
    from versions
    where is_latest
        and rating_value is not null
),

final as (
    select
        rated.conversation_id as survey_id,
        rated.conversation_id as ticket_id,
        'csat' as survey_type,
        rated.rated_at as sent_at,
        rated.rated_at as responded_at,
        -- a value the map lacks is passed on (the helpdesk base model judges it)
        coalesce(score_map.canonical_value, rated.rating_value) as score,
        -- the raw layer's bookkeeping (a mapped row has no file line)
        {{ connector_raw_bookkeeping('rated.conversation_id', 'rated.rated_at') }}
    from rated
    left join value_maps as score_map
        on score_map.field = 'satisfaction_score'
            and lower(rated.rating_value) = score_map.source_value
)

select * from final
