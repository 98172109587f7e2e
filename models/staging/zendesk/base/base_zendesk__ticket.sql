{{ config(enabled=is_helpdesk_source('zendesk')) }}
{#- One row per row of Zendesk's ticket table, as text (the helpdesk base
    models parse and judge what is mapped from it). -#}
with source as (
    {{ connector_table('ticket', [
        'id', 'created_at', 'requester_id', 'submitter_id', 'assignee_id', 'group_id',
        'organization_id', 'via_channel', 'priority', 'type', 'status', '_fivetran_deleted',
    ]) }}
),

final as (
    select
        -- ids
        {{ connector_id('id') }} as ticket_id,
        {{ connector_id('requester_id') }} as requester_id,
        {{ connector_id('submitter_id') }} as submitter_id,
        {{ connector_id('assignee_id') }} as assignee_id,
        {{ connector_id('group_id') }} as group_id,
        {{ connector_id('organization_id') }} as organization_id,
        -- attributes
        {{ clean_text('via_channel', lower=true) }} as via_channel,
        {{ clean_text('priority', lower=true) }} as priority,
        {{ clean_text('type', lower=true) }} as ticket_type,
        {{ clean_text('status', lower=true) }} as status,
        -- deleted in Zendesk (status deleted) or by the connector
        coalesce({{ parse_boolean('_fivetran_deleted') }}, false)
        or coalesce({{ clean_text('status', lower=true) }} = 'deleted', false) as is_deleted,
        -- timestamps, as text
        created_at,
        -- the account (connector schema) the row was read from
        source_relation
    from source
)

select * from final
