{#- One row per accepted ticket: status, resolutions, reopens, escalations
    and assignments from its events (SPEC section 2). -#}
{#- dbt cannot see this read: ticket_scope_filter() reads int_ticket_scope
    on incremental runs only -#}
-- depends_on: {{ ref('int_ticket_scope') }}
with tickets as (
    select ticket_id from {{ ref('int_ticket_attributes') }}
    where {{ ticket_scope_filter() }}
),

status_history as (
    select * from {{ ref('int_ticket_status_history') }}
    where {{ ticket_scope_filter() }}
),

events as (
    select * from {{ ref('stg_helpdesk__ticket_events') }}
    where event_type in ('escalation', 'assignment')
        and {{ ticket_scope_filter() }}
),

status_summary as (
    select
        ticket_id,
        max(status_sequence) as status_change_count,
        min(case when is_resolution then event_at end) as first_resolved_at,
        min(case when is_resolution then status_sequence end) as first_resolution_sequence,
        max(case when is_resolution then event_at end) as last_resolution_at,
        count(case when is_resolution then 1 end) as resolution_count,
        count(case when is_reopen then 1 end) as reopen_count,
        max(case
            when is_reopen
                and event_at
                <= {{ dbt.dateadd('day', var('reopen_window_days'), 'previous_resolution_at') }}
                then 1
            else 0
        end) = 1 as is_reopened_within_window
    from status_history
    group by ticket_id
),

current_status as (
    select
        ticket_id,
        to_status as current_status
    from status_history
    where is_current
),

fcr_reopens as (
    select
        status_history.ticket_id,
        min(status_history.event_at) as first_reopen_at
    from status_history
    inner join status_summary
        on status_history.ticket_id = status_summary.ticket_id
    where status_history.is_reopen
        and status_history.status_sequence > status_summary.first_resolution_sequence
    group by status_history.ticket_id
),

ordered_events as (
    select
        ticket_id,
        event_type,
        event_at,
        to_value,
        reason,
        row_number() over (
            partition by ticket_id, event_type order by event_at, event_id
        ) as type_sequence
    from events
),

event_summary as (
    select
        ticket_id,
        count(case when event_type = 'escalation' then 1 end) as escalation_count,
        max(case when event_type = 'escalation' and type_sequence = 1 then to_value end)
            as first_escalation_tier,
        max(case when event_type = 'escalation' and type_sequence = 1 then reason end)
            as first_escalation_reason,
        min(case when event_type = 'escalation' then event_at end) as first_escalated_at,
        count(case when event_type = 'assignment' then 1 end) as assignment_count,
        max(case when event_type = 'assignment' and type_sequence = 1 then to_value end)
            as first_assignee_agent_id,
        min(case when event_type = 'assignment' then event_at end) as first_assigned_at
    from ordered_events
    group by ticket_id
),

final as (
    select
        tickets.ticket_id,
        coalesce(current_status.current_status, 'new') as current_status,
        coalesce(status_summary.status_change_count, 0) as status_change_count,
        status_summary.first_resolved_at,
        case
            when current_status.current_status in ('solved', 'closed')
                then status_summary.last_resolution_at
        end as resolved_at,
        coalesce(status_summary.resolution_count, 0) as resolution_count,
        coalesce(status_summary.reopen_count, 0) as reopen_count,
        coalesce(status_summary.is_reopened_within_window, false)
            as is_reopened_within_window,
        fcr_reopens.first_reopen_at,
        coalesce(event_summary.escalation_count, 0) as escalation_count,
        coalesce(event_summary.escalation_count, 0) > 0 as is_escalated,
        event_summary.first_escalation_tier,
        event_summary.first_escalation_reason,
        event_summary.first_escalated_at,
        coalesce(event_summary.assignment_count, 0) as assignment_count,
        event_summary.first_assignee_agent_id,
        event_summary.first_assigned_at
    from tickets
    left join status_summary
        on tickets.ticket_id = status_summary.ticket_id
    left join current_status
        on tickets.ticket_id = current_status.ticket_id
    left join fcr_reopens
        on tickets.ticket_id = fcr_reopens.ticket_id
    left join event_summary
        on tickets.ticket_id = event_summary.ticket_id
)

select * from final
