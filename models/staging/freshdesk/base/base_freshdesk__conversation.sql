{{ config(enabled=is_helpdesk_source('freshdesk')) }}
{#- One row per row of Freshdesk's conversation table (incoming customer
    messages, agent replies, private notes), as text. -#}
with source as (
    {{ connector_table('conversation', [
        'id', 'ticket_id', 'user_id', 'body_text', 'incoming', 'private', 'source',
        'created_at', '_fivetran_deleted',
    ]) }}
),

final as (
    select
        -- ids
        {{ connector_id('id') }} as conversation_id,
        {{ connector_id('ticket_id') }} as ticket_id,
        {{ connector_id('user_id') }} as user_id,
        -- attributes
        {{ parse_boolean('incoming') }} as is_incoming,
        {{ parse_boolean('private') }} as is_private,
        private as raw_private,
        {{ clean_text('source') }} as source_code,
        body_text,
        coalesce({{ parse_boolean('_fivetran_deleted') }}, false) as is_deleted,
        -- timestamps, as text
        created_at,
        -- the account (connector schema) the row was read from
        source_relation
    from source
)

select * from final
