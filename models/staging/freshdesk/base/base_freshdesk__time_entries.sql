{{ config(enabled=is_helpdesk_source('freshdesk')) }}
{#- One row per row of Freshdesk's time_entries: time an agent logged on a
    ticket (a timer, or a manual entry), as text; time_spent is Freshdesk's
    "hh:mm". -#}
with source as (
    {{ connector_table('time_entries', [
        'id', 'ticket_id', 'agent_id', 'start_time', 'executed_at', 'time_spent',
        'timer_running', 'billable', '_fivetran_deleted',
    ]) }}
),

final as (
    select
        -- ids
        {{ connector_id('id') }} as time_entry_id,
        {{ connector_id('ticket_id') }} as ticket_id,
        {{ connector_id('agent_id') }} as agent_id,
        -- attributes
        {{ clean_text('time_spent') }} as time_spent,
        coalesce({{ parse_boolean('timer_running') }}, false) as is_timer_running,
        {{ parse_boolean('billable') }} as is_billable,
        coalesce({{ parse_boolean('_fivetran_deleted') }}, false) as is_deleted,
        -- timestamps, as text
        {{ clean_text('start_time') }} as start_time,
        {{ clean_text('executed_at') }} as executed_at,
        -- the account (connector schema) the row was read from
        source_relation
    from source
)

select * from final
