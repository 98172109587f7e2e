{#- One row per change of a ticket's open/closed state: +1 when it is created,
    -1 at each resolution, +1 at each reopen. The running sum is the open
    backlog at any instant. backlog_change_id names the change: the ticket's
    creation, or the status event (two events of one ticket may share an
    instant). -#}
with tickets as (
    select
        ticket_id,
        created_at
    from {{ ref('int_ticket_attributes') }}
),

status_history as (
    select * from {{ ref('int_ticket_status_history') }}
    where is_resolution or is_reopen
),

final as (
    select
        {{ dbt.concat(["'created:'", 'ticket_id']) }} as backlog_change_id,
        ticket_id,
        created_at as changed_at,
        'created' as change_type,
        1 as backlog_delta
    from tickets
    union all
    select
        {{ dbt.concat(["'event:'", 'event_id']) }} as backlog_change_id,
        ticket_id,
        event_at as changed_at,
        case when is_resolution then 'resolution' else 'reopen' end as change_type,
        case when is_resolution then -1 else 1 end as backlog_delta
    from status_history
)

select * from final
