{#- One row per accepted ticket: who resolved it (resolved_by_agent_id, at
    the last resolution) and who made the first resolution
    (first_resolution_agent_id, the resolution FCR and the reopen window are
    measured from), by one rule: the assignee at that instant, else the
    author of the last reply at or before it; whether the resolver was the
    first assignee, and whether the resolution was automated (a bot replied and no
    human agent wrote, worked, took a call, was assigned or acted). -#}
{#- dbt cannot see this read: ticket_scope_filter() reads int_ticket_scope
    on incremental runs only -#}
-- depends_on: {{ ref('int_ticket_scope') }}
with timings as (
    select * from {{ ref('int_ticket_timings') }}
    where {{ ticket_scope_filter() }}
),

events as (
    select * from {{ ref('stg_helpdesk__ticket_events') }}
    where {{ ticket_scope_filter() }}
),

replies as (
    select * from {{ ref('int_interactions_sequenced') }}
    where interaction_type = 'message' and is_reply
        and {{ ticket_scope_filter() }}
),

work_sessions as (
    select * from {{ ref('stg_helpdesk__work_sessions') }}
    where {{ ticket_scope_filter() }}
),

calls as (
    select * from {{ ref('stg_helpdesk__calls') }}
    where ticket_id is not null
        and {{ ticket_scope_filter() }}
),

agents as (
    select * from {{ ref('stg_helpdesk__agents') }}
),

bots as (
    select agent_id from agents
    where is_bot
),

humans as (
    select agent_id from agents
    where not is_bot
),

resolution_points as (
    -- the two instants a resolver is named for: the first and the last resolution
    select
        ticket_id,
        'first' as resolution_point,
        first_resolved_at as resolved_at
    from timings
    where first_resolved_at is not null
    union all
    select
        ticket_id,
        'last' as resolution_point,
        resolved_at
    from timings
    where resolved_at is not null
),

assignee_at_resolution as (
    select
        events.ticket_id,
        resolution_points.resolution_point,
        events.to_value as agent_id,
        row_number() over (
            partition by events.ticket_id, resolution_points.resolution_point
            order by events.event_at desc, events.event_id desc
        ) as recency_rank
    from events
    inner join resolution_points
        on events.ticket_id = resolution_points.ticket_id
    where events.event_type = 'assignment'
        and events.event_at <= resolution_points.resolved_at
),

last_reply_author as (
    select
        replies.ticket_id,
        resolution_points.resolution_point,
        replies.author_id as agent_id,
        row_number() over (
            partition by replies.ticket_id, resolution_points.resolution_point
            order by replies.message_sequence desc
        ) as recency_rank
    from replies
    inner join resolution_points
        on replies.ticket_id = resolution_points.ticket_id
    where replies.interaction_at <= resolution_points.resolved_at
),

resolvers as (
    -- the assignee at the instant, else the author of the last reply before it
    select
        resolution_points.ticket_id,
        resolution_points.resolution_point,
        coalesce(assignee_at_resolution.agent_id, last_reply_author.agent_id) as agent_id
    from resolution_points
    left join assignee_at_resolution
        on resolution_points.ticket_id = assignee_at_resolution.ticket_id
            and resolution_points.resolution_point = assignee_at_resolution.resolution_point
            and assignee_at_resolution.recency_rank = 1
    left join last_reply_author
        on resolution_points.ticket_id = last_reply_author.ticket_id
            and resolution_points.resolution_point = last_reply_author.resolution_point
            and last_reply_author.recency_rank = 1
),

human_touches as (
    -- work sessions and calls by anyone not known to be a bot
    select work_sessions.ticket_id
    from work_sessions
    left join bots
        on work_sessions.agent_id = bots.agent_id
    where bots.agent_id is null
    union all
    select calls.ticket_id
    from calls
    left join bots
        on calls.agent_id = bots.agent_id
    where calls.agent_id is not null and bots.agent_id is null
    union all
    -- assignments to anyone not known to be a bot
    select events.ticket_id
    from events
    left join bots
        on events.to_value = bots.agent_id
    where events.event_type = 'assignment' and bots.agent_id is null
    union all
    -- any event acted by a known human agent (a link to an engineering
    -- issue is a record about the ticket, not work on it: not a touch)
    select events.ticket_id
    from events
    inner join humans
        on events.actor_id = humans.agent_id
    where events.event_type <> 'linked_issue'
),

touched_by_human as (
    select distinct ticket_id from human_touches
),

final as (
    select
        timings.ticket_id,
        last_resolver.agent_id as resolved_by_agent_id,
        first_resolver.agent_id as first_resolution_agent_id,
        timings.resolved_at is not null
        and timings.bot_reply_count > 0
        and not timings.has_human_message
        and touched_by_human.ticket_id is null as is_automated_resolution,
        touched_by_human.ticket_id is not null or timings.has_human_message
            as is_human_touched,
        timings.bot_reply_count > 0 as is_bot_touched
    from timings
    left join resolvers as last_resolver
        on timings.ticket_id = last_resolver.ticket_id
            and last_resolver.resolution_point = 'last'
    left join resolvers as first_resolver
        on timings.ticket_id = first_resolver.ticket_id
            and first_resolver.resolution_point = 'first'
    left join touched_by_human
        on timings.ticket_id = touched_by_human.ticket_id
)

select
    final.*,
    case
        when timings.resolved_at is not null and timings.assignment_count > 0
            then coalesce(final.resolved_by_agent_id = timings.first_assignee_agent_id, false)
    end as is_resolved_by_first_assignee
from final
inner join timings
    on final.ticket_id = timings.ticket_id
