{{ config(enabled=is_helpdesk_source('freshdesk')) }}
{#- The surveys table of SPEC section 1 from Freshdesk's satisfaction
    ratings (docs/connectors/freshdesk.md): one csat survey per response
    (Freshdesk lands answered surveys only: sent_at is when it was
    answered). The score is the default question's rating on Freshdesk's
    scale through the value map (103 5, 102 and 101 4, 100 3, -101 and
    -102 2, -103 1); a value the map lacks is passed on, and the helpdesk
    base model rejects the survey (score outside the csat scale). -#}
with ratings as (
    select * from {{ ref('base_freshdesk__satisfaction_rating') }}
),

rating_values as (
    select * from {{ ref('freshdesk__rating_values') }}
    where value_number = 1
),

excluded_tickets as (
    select * from {{ ref('freshdesk__excluded_tickets') }}
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
        case when rating_values.rating_value is not null then ratings.created_at end
            as responded_at,
        coalesce(score_map.canonical_value, rating_values.rating_value) as score,
        -- the raw layer's bookkeeping (a mapped row has no file line)
        row_number() over (order by ratings.rating_id) as _row_number,
        cast(null as {{ dbt.type_string() }}) as _read_error,
        cast(null as {{ dbt.type_string() }}) as _raw_line,
        {{ parse_timestamp_utc('ratings.created_at') }} as _loaded_at
    from ratings
    left join rating_values
        on ratings.rating_id = rating_values.rating_id
    left join value_maps as score_map
        on score_map.field = 'satisfaction_score'
            and rating_values.rating_value = score_map.source_value
    left join excluded_tickets
        on ratings.ticket_id = excluded_tickets.ticket_id
    where excluded_tickets.ticket_id is null
)

select * from final
