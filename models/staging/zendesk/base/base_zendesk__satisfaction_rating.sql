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
        {{ clean_text('id') }} as rating_id,
        {{ clean_text('ticket_id') }} as ticket_id,
        {{ clean_text('score', lower=true) }} as score,
        created_at,
        updated_at
    from source
)

select * from final
