{{ config(enabled=is_helpdesk_source('zendesk')) }}
{#- One row per row of Zendesk's ticket_field_history: a ticket field's new
    value, when, and who set it; as text. -#}
with source as (
    {{ connector_table('ticket_field_history', [
        'ticket_id', 'field_name', 'updated', 'user_id', 'value',
    ]) }}
),

final as (
    select
        -- ids
        {{ connector_id('ticket_id') }} as ticket_id,
        {{ connector_id('user_id') }} as user_id,
        -- the change
        {{ clean_text('field_name') }} as field_name,
        -- an assignee or group is an id of the account
        case
            when {{ clean_text('field_name') }} in ('assignee_id', 'group_id')
                then {{ connector_id('value') }}
            else {{ clean_text('value') }}
        end as field_value,
        -- timestamps, as text
        updated as updated_at,
        -- the account (connector schema) the row was read from
        source_relation
    from source
)

select * from final
