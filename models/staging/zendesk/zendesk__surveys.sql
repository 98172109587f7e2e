{{ config(enabled=is_helpdesk_source('zendesk')) }}
{#- The surveys table of SPEC section 1 from Zendesk's satisfaction ratings
    (docs/connectors.md): one csat survey per rating offered (unoffered
    ones were never sent); a good or bad rating is its answer, scored
    through the value map (good 5, bad 1, on the 1-5 csat scale), answered
    when the rating was last updated. -#}
with ratings as (
    select * from {{ ref('base_zendesk__satisfaction_rating') }}
),

excluded_tickets as (
    select * from {{ ref('zendesk__excluded_tickets') }}
),

value_maps as (
    -- matched case-insensitively (the data's values are lower-cased)
    select * from {{ ref('connector__value_maps') }}
),

final as (
    select
        ratings.rating_id as survey_id,
        ratings.ticket_id,
        'csat' as survey_type,
        ratings.created_at as sent_at,
        case when score_map.canonical_value is not null then ratings.updated_at end
            as responded_at,
        score_map.canonical_value as score,
        -- the raw layer's bookkeeping (a mapped row has no file line)
        {{ connector_raw_bookkeeping('ratings.rating_id', 'ratings.created_at') }}
    from ratings
    left join value_maps as score_map
        on score_map.field = 'satisfaction_score'
            and ratings.score = score_map.source_value
    left join excluded_tickets
        on ratings.ticket_id = excluded_tickets.ticket_id
    where coalesce(ratings.score, '') <> 'unoffered'
        and excluded_tickets.ticket_id is null
)

select * from final
