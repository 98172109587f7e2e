{{ config(enabled=is_helpdesk_source('intercom')) }}
{#- One row per row of Intercom's conversation_part_history: one version of
    a conversation part (a comment, note, assignment, open, close, snooze
    ...), as text. -#}
with source as (
    {{ connector_table('conversation_part_history', [
        'id', 'conversation_id', 'part_type', 'author_id', 'author_type', 'assigned_to_id',
        'assigned_to_type', 'body', 'created_at', 'updated_at', '_fivetran_active',
    ]) }}
),

final as (
    select
        -- ids
        {{ connector_id('id') }} as part_id,
        {{ connector_id('conversation_id') }} as conversation_id,
        {{ connector_id('author_id') }} as author_id,
        {{ connector_id('assigned_to_id') }} as assigned_to_id,
        -- attributes
        {{ clean_text('part_type', lower=true) }} as part_type,
        {{ clean_text('author_type', lower=true) }} as author_type,
        {{ clean_text('assigned_to_type', lower=true) }} as assigned_to_type,
        body,
        {{ parse_boolean('_fivetran_active') }} as is_active,
        -- timestamps, as text
        created_at,
        updated_at,
        -- the account (connector schema) the row was read from
        source_relation
    from source
)

select * from final
