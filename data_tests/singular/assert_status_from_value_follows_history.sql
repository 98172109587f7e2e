{{ config(severity='warn') }}
-- Data-quality warning, not an error: status changes whose raw from_value
-- is not the status the ticket was in (the previous change's to_value).
-- The metrics follow the chain of to_values (a resolution, a reopen and the
-- backlog are read from it, like the status spells), so a wrong from_value
-- changes no number; many of them point to an export that drops changes
-- (or to a change rejected in dq_rejected_rows), and are listed so the
-- source can be checked.
with status_changes as (
    select
        ticket_id,
        event_id,
        event_at,
        from_value,
        to_value,
        lag(to_value) over (
            partition by ticket_id order by event_at, event_id
        ) as previous_to_value
    from {{ ref('stg_helpdesk__ticket_events') }}
    where event_type = 'status_change'
)

select
    ticket_id,
    event_id,
    event_at,
    from_value,
    previous_to_value,
    to_value
from status_changes
where from_value <> previous_to_value
