{#- One row per accepted ticket: first reply and full resolution as the
    helpdesks' own reports time them, beside this warehouse's numbers
    (docs/connectors.md, "Numbers that match the helpdesk"). Two
    definitions differ from SPEC section 2:
    - first reply of an agent- or bot-created (outbound) ticket: SPEC gives
      none; Zendesk times it to the first public agent or bot reply after the
      ticket's first public message (that message is the description the
      agent wrote). An inbound ticket's is the same as SPEC's.
    - full resolution of a reopened ticket that is open again: SPEC's
      resolved_at is null until the next solve; Zendesk keeps the last full
      resolution (the last status change into solved or closed).
    Business minutes use the ticket's schedule, as fact_ticket's. -#}
with timings as (
    select * from {{ ref('int_ticket_timings') }}
),

messages as (
    select * from {{ ref('int_interactions_sequenced') }}
    where interaction_type = 'message'
),

status_history as (
    select * from {{ ref('int_ticket_status_history') }}
    where is_resolution
),

first_public_messages as (
    select
        ticket_id,
        min(message_sequence) as first_public_sequence
    from messages
    where is_public
    group by ticket_id
),

outbound_first_replies as (
    -- outbound: the first reply after the ticket's first public message
    select
        messages.ticket_id,
        min(messages.interaction_at) as native_first_reply_at
    from messages
    inner join first_public_messages
        on messages.ticket_id = first_public_messages.ticket_id
    where messages.is_reply
        and messages.message_sequence > first_public_messages.first_public_sequence
    group by messages.ticket_id
),

last_resolutions as (
    select
        ticket_id,
        max(event_at) as last_resolved_at
    from status_history
    group by ticket_id
),

native as (
    select
        timings.ticket_id,
        timings.source_relation,
        timings.created_by_type,
        timings.business_schedule_id,
        timings.created_at,
        timings.first_response_at,
        timings.first_response_minutes,
        timings.resolved_at,
        timings.resolution_minutes,
        case
            when timings.is_inbound then timings.first_response_at
            else outbound_first_replies.native_first_reply_at
        end as native_first_reply_at,
        last_resolutions.last_resolved_at
    from timings
    left join outbound_first_replies
        on timings.ticket_id = outbound_first_replies.ticket_id
    left join last_resolutions
        on timings.ticket_id = last_resolutions.ticket_id
),

points as (
    select
        ticket_id as point_id,
        'created' as point_name,
        business_schedule_id as schedule_id,
        created_at as point_at
    from native
    where business_schedule_id is not null
    union all
    select
        ticket_id as point_id,
        'first_reply' as point_name,
        business_schedule_id as schedule_id,
        native_first_reply_at as point_at
    from native
    where business_schedule_id is not null and native_first_reply_at is not null
    union all
    select
        ticket_id as point_id,
        'last_resolved' as point_name,
        business_schedule_id as schedule_id,
        last_resolved_at as point_at
    from native
    where business_schedule_id is not null and last_resolved_at is not null
),

clock as (
    {{ business_clock('points') }}
),

clock_by_ticket as (
    select
        point_id as ticket_id,
        max(case when point_name = 'created' then business_clock_minutes end) as created_clock,
        max(case when point_name = 'first_reply' then business_clock_minutes end)
            as first_reply_clock,
        max(case when point_name = 'last_resolved' then business_clock_minutes end)
            as last_resolved_clock
    from clock
    group by point_id
),

final as (
    select
        native.ticket_id,
        native.source_relation,
        native.created_by_type,
        native.created_at,
        -- first reply
        native.first_response_minutes,
        native.native_first_reply_at,
        {{ seconds_between('native.created_at', 'native.native_first_reply_at') }} / 60.0
            as native_first_reply_minutes,
        clock_by_ticket.first_reply_clock - clock_by_ticket.created_clock
            as native_first_reply_business_minutes,
        coalesce(native.native_first_reply_at <> native.first_response_at, false)
        or (native.native_first_reply_at is null) <> (native.first_response_at is null)
            as is_first_reply_different,
        -- full resolution
        native.resolution_minutes,
        native.last_resolved_at,
        {{ seconds_between('native.created_at', 'native.last_resolved_at') }} / 60.0
            as full_resolution_minutes,
        clock_by_ticket.last_resolved_clock - clock_by_ticket.created_clock
            as full_resolution_business_minutes,
        native.last_resolved_at is not null and native.resolved_at is null
            as is_reopened_and_open
    from native
    left join clock_by_ticket
        on native.ticket_id = clock_by_ticket.ticket_id
)

select * from final
