{#- One row per SLA clock of each accepted ticket, before its policy is
    chosen (metric_sla_clock): the metric, when it started and stopped (null
    while running at as_of), what stopped it, and the ticket's priority in
    force when it stopped (at as_of while it runs). Instants after as_of are
    ignored.
    - first_reply (inbound): created_at until the first reply or the first
      resolution, whichever comes first.
    - next_reply: a public customer message (at or after created_at) to a
      ticket that is not solved or closed at that instant, sent while no
      reply clock runs, starts one; it stops at the next reply (the reply
      with the same replies_before) or the next resolution stamped after the
      message. Candidates that share the same stop are one clock, started by
      the first of them.
    - requester_wait and resolution: created_at until resolved (the last
      resolution at or before as_of, the ticket still solved or closed at
      as_of).
    Moves with as_of while a clock runs: int_ticket_scope recomputes open
    tickets when as_of moves. -#}
{#- dbt cannot see this read: ticket_scope_filter() reads int_ticket_scope
    on incremental runs only -#}
-- depends_on: {{ ref('int_ticket_scope') }}
with timings as (
    select
        ticket_id,
        created_at,
        is_inbound,
        original_priority,
        first_response_at,
        first_response_sequence
    from {{ ref('int_ticket_timings') }}
    where {{ ticket_scope_filter() }}
),

history as (
    select
        ticket_id,
        event_at,
        is_resolution
    from {{ ref('int_ticket_status_history') }}
    where {{ ticket_scope_filter() }}
),

spells as (
    select
        ticket_id,
        spell_sequence,
        status,
        changed_at
    from {{ ref('int_ticket_status_spells') }}
    where {{ ticket_scope_filter() }}
),

lifecycle_times as (
    select
        ticket_id,
        status_at_as_of
    from {{ ref('int_ticket_lifecycle_times') }}
    where {{ ticket_scope_filter() }}
),

messages as (
    select
        ticket_id,
        interaction_id,
        interaction_at,
        author_type,
        is_public,
        is_reply,
        message_sequence,
        replies_before
    from {{ ref('int_interactions_sequenced') }}
    where interaction_type = 'message'
        and {{ ticket_scope_filter() }}
),

priority_changes as (
    select
        ticket_id,
        event_id,
        event_at,
        to_value as priority
    from {{ ref('stg_helpdesk__ticket_events') }}
    where event_type = 'priority_change'
        and {{ ticket_scope_filter() }}
),

as_of as (
    select as_of_at from {{ ref('int_as_of') }}
),

resolutions as (
    -- the resolutions at or before as_of
    select
        history.ticket_id,
        history.event_at
    from history
    cross join as_of
    where history.is_resolution
        and history.event_at <= as_of.as_of_at
),

ticket_resolutions as (
    select
        resolutions.ticket_id,
        min(resolutions.event_at) as first_resolved_at,
        max(resolutions.event_at) as last_resolved_at
    from resolutions
    group by resolutions.ticket_id
),

first_replies as (
    select
        timings.ticket_id,
        timings.created_at,
        case
            when timings.first_response_at <= as_of.as_of_at then timings.first_response_at
        end as reply_at,
        case
            when timings.first_response_at <= as_of.as_of_at then timings.first_response_sequence
        end as reply_sequence,
        ticket_resolutions.first_resolved_at,
        -- the first reply stops the clock unless a resolution came first
        timings.first_response_at <= as_of.as_of_at
        and (
            ticket_resolutions.first_resolved_at is null
            or timings.first_response_at <= ticket_resolutions.first_resolved_at
        ) as is_stopped_by_reply
    from timings
    cross join as_of
    left join ticket_resolutions
        on timings.ticket_id = ticket_resolutions.ticket_id
    where timings.is_inbound
        and timings.created_at <= as_of.as_of_at
),

first_reply_clocks as (
    select
        ticket_id,
        created_at as started_at,
        cast(0 as {{ dbt.type_bigint() }}) as start_sequence,
        case when is_stopped_by_reply then reply_at else first_resolved_at end as stopped_at,
        -- a reply stop is ordered among the messages by its sequence
        case when is_stopped_by_reply then reply_sequence end as stop_message_sequence
    from first_replies
),

customer_messages as (
    -- public customer messages at or after creation and at or before as_of
    select
        messages.ticket_id,
        messages.interaction_id,
        messages.interaction_at,
        messages.message_sequence,
        messages.replies_before
    from messages
    inner join timings
        on messages.ticket_id = timings.ticket_id
    cross join as_of
    where messages.author_type = 'customer'
        and messages.is_public
        and messages.interaction_at >= timings.created_at
        and messages.interaction_at <= as_of.as_of_at
),

message_status as (
    -- the status in force at each message: the last change at or before it
    select
        customer_messages.ticket_id,
        customer_messages.interaction_id,
        max(spells.spell_sequence) as spell_sequence
    from customer_messages
    inner join spells
        on customer_messages.ticket_id = spells.ticket_id
            and customer_messages.interaction_at >= spells.changed_at
    group by customer_messages.ticket_id, customer_messages.interaction_id
),

candidates as (
    -- messages that would start a next-reply clock if none runs: to an
    -- open ticket, after the first-reply clock of an inbound ticket stopped
    select customer_messages.*
    from customer_messages
    inner join timings
        on customer_messages.ticket_id = timings.ticket_id
    inner join message_status
        on customer_messages.ticket_id = message_status.ticket_id
            and customer_messages.interaction_id = message_status.interaction_id
    inner join spells
        on message_status.ticket_id = spells.ticket_id
            and message_status.spell_sequence = spells.spell_sequence
    left join first_reply_clocks
        on customer_messages.ticket_id = first_reply_clocks.ticket_id
    where spells.status not in ('solved', 'closed')
        and (
            not timings.is_inbound
            or first_reply_clocks.stop_message_sequence < customer_messages.message_sequence
            or (
                first_reply_clocks.stop_message_sequence is null
                and first_reply_clocks.stopped_at < customer_messages.interaction_at
            )
        )
),

candidate_stops as (
    select
        candidates.ticket_id,
        candidates.interaction_at,
        candidates.message_sequence,
        answers.interaction_at as answered_at,
        min(resolutions.event_at) as resolved_at
    from candidates
    cross join as_of
    left join messages as answers
        on candidates.ticket_id = answers.ticket_id
            and answers.is_reply
            and candidates.replies_before = answers.replies_before
            and as_of.as_of_at >= answers.interaction_at
    left join resolutions
        on candidates.ticket_id = resolutions.ticket_id
            and candidates.interaction_at < resolutions.event_at
    group by
        candidates.ticket_id,
        candidates.interaction_at,
        candidates.message_sequence,
        answers.interaction_at
),

next_reply_clocks as (
    -- the candidates that share a stop are one clock
    select
        ticket_id,
        min(interaction_at) as started_at,
        -- the first message of the clock (messages are in time order)
        min(message_sequence) as start_sequence,
        stopped_at
    from (
        select
            ticket_id,
            interaction_at,
            message_sequence,
            case
                when answered_at is not null and (resolved_at is null or answered_at <= resolved_at)
                    then answered_at
                else resolved_at
            end as stopped_at
        from candidate_stops
    ) as stops
    group by ticket_id, stopped_at
),

whole_life_clocks as (
    select
        timings.ticket_id,
        timings.created_at as started_at,
        cast(0 as {{ dbt.type_bigint() }}) as start_sequence,
        case
            when lifecycle_times.status_at_as_of in ('solved', 'closed')
                then ticket_resolutions.last_resolved_at
        end as stopped_at
    from timings
    cross join as_of
    left join ticket_resolutions
        on timings.ticket_id = ticket_resolutions.ticket_id
    left join lifecycle_times
        on timings.ticket_id = lifecycle_times.ticket_id
    where timings.created_at <= as_of.as_of_at
),

clocks as (
    select
        ticket_id,
        'first_reply' as sla_metric,
        started_at,
        start_sequence,
        stopped_at
    from first_reply_clocks
    union all
    select
        ticket_id,
        'next_reply' as sla_metric,
        started_at,
        start_sequence,
        stopped_at
    from next_reply_clocks
    union all
    select
        ticket_id,
        'requester_wait' as sla_metric,
        started_at,
        start_sequence,
        stopped_at
    from whole_life_clocks
    union all
    select
        ticket_id,
        'resolution' as sla_metric,
        started_at,
        start_sequence,
        stopped_at
    from whole_life_clocks
),

clock_priorities as (
    -- the last priority change at or before the clock stops (as_of while it runs)
    select
        clocks.ticket_id,
        clocks.sla_metric,
        clocks.start_sequence,
        priority_changes.priority,
        row_number() over (
            partition by clocks.ticket_id, clocks.sla_metric, clocks.start_sequence
            order by priority_changes.event_at desc, priority_changes.event_id desc
        ) as change_rank
    from clocks
    cross join as_of
    inner join priority_changes
        on clocks.ticket_id = priority_changes.ticket_id
            and priority_changes.event_at <= coalesce(clocks.stopped_at, as_of.as_of_at)
),

final as (
    select
        clocks.ticket_id,
        clocks.sla_metric,
        clocks.start_sequence,
        clocks.started_at,
        clocks.stopped_at,
        coalesce(clock_priorities.priority, timings.original_priority) as priority
    from clocks
    inner join timings
        on clocks.ticket_id = timings.ticket_id
    left join clock_priorities
        on clocks.ticket_id = clock_priorities.ticket_id
            and clocks.sla_metric = clock_priorities.sla_metric
            and clocks.start_sequence = clock_priorities.start_sequence
            and clock_priorities.change_rank = 1
)

select * from final
