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
        {{ connector_id('id') }} as comment_id,
        {{ connector_id('ticket_id') }} as ticket_id,
        {{ connector_id('user_id') }} as user_id,
        -- Zendesk's own system user (-1): automatic messages
        coalesce({{ clean_text('user_id') }} = '-1', false) as is_system_author,
        -- attributes
        public as is_public,
        body,
        -- a voice comment: a call leg
        coalesce(nullif(trim(call_id), '') is not null, false)
        or coalesce({{ parse_boolean('voice_comment') }}, false) as is_voice,
        coalesce({{ parse_boolean('_fivetran_deleted') }}, false) as is_deleted,
        -- timestamps, as text
        created as created_at,
        -- the account (connector schema) the row was read from
        source_relation
    from source
)

select * from final
