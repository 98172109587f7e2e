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
        {{ clean_text('id') }} as ticket_id,
        {{ clean_text('requester_id') }} as requester_id,
        {{ clean_text('submitter_id') }} as submitter_id,
        {{ clean_text('assignee_id') }} as assignee_id,
        {{ clean_text('group_id') }} as group_id,
        {{ clean_text('organization_id') }} as organization_id,
        -- attributes
        {{ clean_text('via_channel', lower=true) }} as via_channel,
        {{ clean_text('priority', lower=true) }} as priority,
        {{ clean_text('type', lower=true) }} as ticket_type,
        {{ clean_text('status', lower=true) }} as status,
        -- deleted in Zendesk (status deleted) or by the connector
        coalesce({{ parse_boolean('_fivetran_deleted') }}, false)
        or coalesce({{ clean_text('status', lower=true) }} = 'deleted', false) as is_deleted,
        -- timestamps, as text
        created_at
    from source
)

select * from final
