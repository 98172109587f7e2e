{#- One row per accepted ticket: attributes, lifecycle and replies side by
    side, with first_response_at (null on outbound tickets) and the calendar
    durations of SPEC section 2 in fractional minutes. -#}
{#- dbt cannot see this read: ticket_scope_filter() reads int_ticket_scope
    on incremental runs only -#}
-- depends_on: {{ ref('int_ticket_scope') }}
with attributes as (
    select * from {{ ref('int_ticket_attributes') }}
    where {{ ticket_scope_filter() }}
),

lifecycle as (
    select * from {{ ref('int_ticket_lifecycle') }}
    where {{ ticket_scope_filter() }}
),

replies as (
    select * from {{ ref('int_ticket_replies') }}
    where {{ ticket_scope_filter() }}
),

joined as (
    select
        attributes.*,
        lifecycle.current_status,
        lifecycle.status_change_count,
        lifecycle.first_resolved_at,
        lifecycle.resolved_at,
        lifecycle.resolution_count,
        lifecycle.reopen_count,
        lifecycle.is_reopened_within_window,
        lifecycle.first_reopen_at,
        lifecycle.escalation_count,
        lifecycle.is_escalated,
        lifecycle.first_escalation_tier,
        lifecycle.first_escalation_reason,
        lifecycle.first_escalated_at,
        lifecycle.assignment_count,
        lifecycle.first_assignee_agent_id,
        lifecycle.first_assigned_at,
        coalesce(replies.agent_reply_count, 0) as agent_reply_count,
        coalesce(replies.bot_reply_count, 0) as bot_reply_count,
        coalesce(replies.customer_message_count, 0) as customer_message_count,
        coalesce(replies.has_human_message, false) as has_human_message,
        case when attributes.is_inbound then replies.first_reply_message_id end
            as first_response_message_id,
        case when attributes.is_inbound then replies.first_reply_sequence end
            as first_response_sequence,
        case when attributes.is_inbound then replies.first_reply_at end
            as first_response_at
    from attributes
    inner join lifecycle
        on attributes.ticket_id = lifecycle.ticket_id
    left join replies
        on attributes.ticket_id = replies.ticket_id
),

final as (
    select
        joined.*,
        {{ seconds_between('created_at', 'first_response_at') }} / 60.0
            as first_response_minutes,
        {{ seconds_between('created_at', 'resolved_at') }} / 60.0 as resolution_minutes,
        {{ seconds_between('created_at', 'first_resolved_at') }} / 60.0
            as first_resolution_minutes
    from joined
)

select * from final
