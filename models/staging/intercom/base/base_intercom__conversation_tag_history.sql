{{ config(enabled=is_helpdesk_source('intercom')) }}
{#- One row per row of Intercom's conversation_tag_history: a tag of a
    conversation in one version of the conversation, as text. -#}
with source as (
    {{ connector_table('conversation_tag_history', [
        'conversation_id', 'tag_id', 'conversation_updated_at', '_fivetran_active',
    ]) }}
),

final as (
    select
        {{ connector_id('conversation_id') }} as conversation_id,
        {{ connector_id('tag_id') }} as tag_id,
        {{ parse_boolean('_fivetran_active') }} as is_active,
        conversation_updated_at,
        -- the account (connector schema) the row was read from
        source_relation
    from source
)

select * from final
