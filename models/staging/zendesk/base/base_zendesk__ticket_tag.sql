{{ config(enabled=is_helpdesk_source('zendesk')) }}
{#- One row per row of Zendesk's ticket_tag: a current tag of a ticket. -#}
with source as (
    {{ connector_table('ticket_tag', ['ticket_id', 'tag']) }}
),

final as (
    select
        {{ connector_id('ticket_id') }} as ticket_id,
        {{ clean_text('tag', lower=true) }} as tag,
        -- the account (connector schema) the row was read from
        source_relation
    from source
)

select * from final
