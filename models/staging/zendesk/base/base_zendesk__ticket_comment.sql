{{ config(enabled=is_helpdesk_source('zendesk')) }}
{#- One row per row of Zendesk's ticket_comment (replies, notes, voice
    comments), as text. -#}
with source as (
    {{ connector_table('ticket_comment', [
        'id', 'ticket_id', 'user_id', 'created', 'public', 'body', 'call_id', 'voice_comment',
        '_fivetran_deleted',
    ]) }}
),

final as (
    select
        -- ids
        {{ clean_text('id') }} as comment_id,
        {{ clean_text('ticket_id') }} as ticket_id,
        {{ clean_text('user_id') }} as user_id,
        -- attributes
        public as is_public,
        body,
        -- a voice comment: a call leg
        coalesce(nullif(trim(call_id), '') is not null, false)
        or coalesce({{ parse_boolean('voice_comment') }}, false) as is_voice,
        coalesce({{ parse_boolean('_fivetran_deleted') }}, false) as is_deleted,
        -- timestamps, as text
        created as created_at
    from source
)

select * from final
