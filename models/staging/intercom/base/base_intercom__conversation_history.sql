{{ config(enabled=is_helpdesk_source('intercom')) }}
{#- One row per row of Intercom's conversation_history: one version of a
    conversation (Fivetran keeps one per update), as text. -#}
with source as (
    {{ connector_table('conversation_history', [
        'id', 'created_at', 'updated_at', 'state', 'assignee_id', 'assignee_type',
        'source_type', 'source_delivered_as', 'source_author_id', 'source_author_type',
        'source_body', 'priority', 'conversation_rating_value', 'conversation_rating_created_at',
        'waiting_since', 'snoozed_until', '_fivetran_active',
    ]) }}
),

final as (
    select
        -- ids
        {{ connector_id('id') }} as conversation_id,
        {{ connector_id('assignee_id') }} as assignee_id,
        {{ connector_id('source_author_id') }} as source_author_id,
        -- attributes
        {{ clean_text('state', lower=true) }} as state,
        {{ clean_text('assignee_type', lower=true) }} as assignee_type,
        {{ clean_text('source_type', lower=true) }} as source_type,
        {{ clean_text('source_delivered_as', lower=true) }} as source_delivered_as,
        {{ clean_text('source_author_type', lower=true) }} as source_author_type,
        source_body,
        {{ clean_text('priority', lower=true) }} as priority,
        {{ clean_text('conversation_rating_value') }} as rating_value,
        {{ parse_boolean('_fivetran_active') }} as is_active,
        -- timestamps, as text
        created_at,
        updated_at,
        conversation_rating_created_at as rated_at,
        waiting_since,
        snoozed_until,
        -- the account (connector schema) the row was read from
        source_relation
    from source
)

select * from final
