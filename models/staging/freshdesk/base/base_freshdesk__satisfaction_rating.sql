{{ config(enabled=is_helpdesk_source('freshdesk')) }}
{#- One row per row of Freshdesk's satisfaction_rating: a customer's answer
    to a satisfaction survey on a ticket, as text (the ratings are in
    satisfaction_rating_value). -#}
with source as (
    {{ connector_table('satisfaction_rating', [
        'id', 'ticket_id', 'survey_id', 'agent_id', 'contact_id', 'created_at', 'updated_at',
    ]) }}
),

final as (
    select
        {{ connector_id('id') }} as rating_id,
        {{ connector_id('ticket_id') }} as ticket_id,
        {{ connector_id('survey_id') }} as survey_id,
        {{ connector_id('agent_id') }} as agent_id,
        {{ connector_id('contact_id') }} as contact_id,
        created_at,
        updated_at,
        -- the account (connector schema) the row was read from
        source_relation
    from source
)

select * from final
