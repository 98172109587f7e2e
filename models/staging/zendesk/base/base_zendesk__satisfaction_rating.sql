{{ config(enabled=is_helpdesk_source('zendesk')) }}
{#- One row per row of Zendesk's satisfaction_rating: a rating offered on a
    ticket and, once given, good or bad; as text. -#}
with source as (
    {{ connector_table('satisfaction_rating', [
        'id', 'ticket_id', 'score', 'created_at', 'updated_at',
    ]) }}
),

final as (
    select
        {{ connector_id('id') }} as rating_id,
        {{ connector_id('ticket_id') }} as ticket_id,
        {{ clean_text('score', lower=true) }} as score,
        created_at,
        updated_at,
        -- the account (connector schema) the row was read from
        source_relation
    from source
)

select * from final
