{{ config(enabled=is_helpdesk_source('zendesk')) }}
{#- One row per row of Zendesk's ticket_schedule: the schedule a ticket was
    put on and when; as text. -#}
with source as (
    {{ connector_table('ticket_schedule', ['ticket_id', 'schedule_id', 'created_at']) }}
),

final as (
    select
        {{ connector_id('ticket_id') }} as ticket_id,
        {{ connector_id('schedule_id') }} as schedule_id,
        created_at,
        -- the account (connector schema) the row was read from
        source_relation
    from source
)

select * from final
