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
        {{ clean_text('ticket_id') }} as ticket_id,
        {{ clean_text('user_id') }} as user_id,
        -- the change
        {{ clean_text('field_name') }} as field_name,
        {{ clean_text('value') }} as field_value,
        -- timestamps, as text
        updated as updated_at
    from source
)

select * from final
