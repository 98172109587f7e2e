-- Zendesk tickets with no status row in ticket_field_history (history
-- synced later than the ticket, an imported ticket): with no status change
-- the warehouse never sees them solved, so they stay in the backlog. A
-- warning listing them with their current status (docs/connectors/zendesk.md).
{{ config(
    severity='warn',
    enabled=var('helpdesk_source', 'helpdesk') == 'zendesk',
) }}

with tickets as (
    select * from {{ ref('zendesk__tickets') }}
),

zendesk_tickets as (
    select * from {{ ref('base_zendesk__ticket') }}
),

status_events as (
    select distinct ticket_id
    from {{ ref('zendesk__ticket_events') }}
    where event_type = 'status_change'
),

final as (
    select
        tickets.ticket_id,
        zendesk_tickets.status as current_status
    from tickets
    inner join zendesk_tickets
        on tickets.ticket_id = zendesk_tickets.ticket_id
    left join status_events
        on tickets.ticket_id = status_events.ticket_id
    where status_events.ticket_id is null
)

select * from final
