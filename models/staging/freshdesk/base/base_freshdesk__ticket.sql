{{ config(enabled=is_helpdesk_source('freshdesk')) }}
{#- One row per row of Freshdesk's ticket table, as text (the helpdesk base
    models parse and judge what is mapped from it). Status, priority and
    source are Freshdesk's numeric codes; the stats_* timestamps are the
    only status history Freshdesk keeps (freshdesk__status_changes). -#}
with source as (
    {{ connector_table('ticket', [
        'id', 'requester_id', 'responder_id', 'group_id', 'company_id',
        'created_at', 'updated_at', 'due_by', 'fr_due_by', 'is_escalated',
        'priority', 'source', 'status', 'type', 'spam', 'deleted', 'description_text',
        'stats_first_responded_at', 'stats_resolved_at', 'stats_closed_at',
        'stats_status_updated_at', 'stats_pending_since', 'stats_reopened_at',
        '_fivetran_deleted', '_fivetran_active',
    ]) }}
),

final as (
    select
        -- ids
        {{ connector_id('id') }} as ticket_id,
        {{ connector_id('requester_id') }} as requester_id,
        {{ connector_id('responder_id') }} as responder_id,
        {{ connector_id('group_id') }} as group_id,
        {{ connector_id('company_id') }} as company_id,
        -- codes and attributes
        {{ clean_text('status') }} as status_code,
        {{ clean_text('priority') }} as priority_code,
        {{ clean_text('source') }} as source_code,
        {{ clean_text('type') }} as ticket_type,
        {{ parse_boolean('is_escalated') }} as is_escalated,
        {{ clean_text('description_text') }} as description_text,
        -- deleted or spam in Freshdesk, or deleted by the connector
        coalesce({{ parse_boolean('deleted') }}, false)
        or coalesce({{ parse_boolean('_fivetran_deleted') }}, false) as is_deleted,
        coalesce({{ parse_boolean('spam') }}, false) as is_spam,
        -- history mode: false on an earlier version of the ticket
        {{ parse_boolean('_fivetran_active') }} as is_active,
        -- timestamps, as text
        created_at,
        updated_at,
        due_by,
        fr_due_by,
        {{ clean_text('stats_first_responded_at') }} as first_responded_at,
        {{ clean_text('stats_resolved_at') }} as resolved_at,
        {{ clean_text('stats_closed_at') }} as closed_at,
        {{ clean_text('stats_status_updated_at') }} as status_updated_at,
        {{ clean_text('stats_pending_since') }} as pending_since,
        {{ clean_text('stats_reopened_at') }} as reopened_at,
        -- the account (connector schema) the row was read from
        source_relation
    from source
)

select * from final
