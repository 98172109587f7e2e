{#- One row per reopen (a status change out of solved/closed, SPEC section 2):
    its root cause (the optional ticket_events.reason of the reopening
    status_change; 'unspecified' when none was recorded, e.g. when the
    source has no reasons at all), the resolution just before it, and the
    agent of that resolution by the rule of resolved_by_agent_id (the
    assignee at that instant, else the author of the last reply at or before
    it): the agent whose resolution the customer reopened. -#}
with history as (
    select * from {{ ref('int_ticket_status_history') }}
),

events as (
    select * from {{ ref('stg_helpdesk__ticket_events') }}
    where event_type in ('status_change', 'assignment')
),

replies as (
    select * from {{ ref('int_interactions_sequenced') }}
    where interaction_type = 'message' and is_reply
),

reopens as (
    select
        history.ticket_id,
        history.event_id as reopen_event_id,
        history.event_at as reopened_at,
        history.previous_resolution_at,
        coalesce(events.reason, 'unspecified') as reopen_reason
    from history
    inner join events
        on history.event_id = events.event_id
    where history.is_reopen
),

assignee_at_resolution as (
    select
        reopens.reopen_event_id,
        events.to_value as agent_id,
        row_number() over (
            partition by reopens.reopen_event_id
            order by events.event_at desc, events.event_id desc
        ) as recency_rank
    from reopens
    inner join events
        on reopens.ticket_id = events.ticket_id
    where events.event_type = 'assignment'
        and events.event_at <= reopens.previous_resolution_at
),

last_reply_author as (
    select
        reopens.reopen_event_id,
        replies.author_id as agent_id,
        row_number() over (
            partition by reopens.reopen_event_id
            order by replies.message_sequence desc
        ) as recency_rank
    from reopens
    inner join replies
        on reopens.ticket_id = replies.ticket_id
    where replies.interaction_at <= reopens.previous_resolution_at
),

final as (
    select
        reopens.ticket_id,
        reopens.reopen_event_id,
        reopens.reopened_at,
        reopens.previous_resolution_at,
        reopens.reopen_reason,
        coalesce(assignee_at_resolution.agent_id, last_reply_author.agent_id)
            as resolving_agent_id,
        coalesce(
            reopens.reopened_at <= {{ dbt.dateadd(
                'day', var('reopen_window_days'), 'reopens.previous_resolution_at') }},
            false
        ) as is_within_reopen_window
    from reopens
    left join assignee_at_resolution
        on reopens.reopen_event_id = assignee_at_resolution.reopen_event_id
            and assignee_at_resolution.recency_rank = 1
    left join last_reply_author
        on reopens.reopen_event_id = last_reply_author.reopen_event_id
            and last_reply_author.recency_rank = 1
)

select * from final
