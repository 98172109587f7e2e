-- The floor of the benchmark: the core per-ticket metrics of SPEC section 2,
-- computed in one plain DuckDB script straight from the raw files, with none of
-- the warehouse's validation, rejected-row bookkeeping, business hours or marts.
-- A warehouse build cannot be cheaper than this; bench/run.py reports
-- "full build / floor" and "core facts / floor".
--
-- Per ticket: first_response_at and first response minutes (created_at -> the
-- first public agent/bot reply with sent_at >= created_at; null for agent- or
-- bot-created tickets), first_resolved_at and resolved_at (a resolution is a
-- status change into solved/closed from a status that is neither; resolved_at
-- = the last one, only while the last status is solved/closed), resolution
-- minutes, reopen_count (solved/closed -> new/open/pending/on_hold) and FCR in
-- the simplified sense (first resolution, no reopen within 168 h, no
-- customer-created ticket of the same customer and (current) category within
-- 168 h after the first resolution, pending while that window has not elapsed at
-- as_of; the conversation-gap rule is skipped).
--
-- {raw} is the raw dataset directory (parquet), substituted by bench/run.py.
-- Timestamps are parsed like the warehouse parses them (macro
-- parse_timestamp_utc: offsets converted to UTC, no offset = UTC).

create or replace temp macro parse_ts(value) as (
    case
        when regexp_full_match(
            upper(trim(value)),
            '\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-]\d{2}(:?\d{2})?)'
        )
            then timezone('UTC', try_cast(upper(trim(value)) as timestamptz))
        when regexp_full_match(
            upper(trim(value)),
            '\d{4}-\d{2}-\d{2}([T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?'
        )
            then try_cast(upper(trim(value)) as timestamp)
    end
);

create or replace temp macro minutes_between(start_at, end_at) as (
    date_diff('microsecond', start_at, end_at) / 60000000.0
);

create or replace table floor_ticket as
with tickets as (
    select
        ticket_id,
        customer_id,
        category,
        created_by_type,
        parse_ts(created_at) as created_at
    from read_parquet('{raw}/tickets.parquet')
),

current_categories as (
    -- the category a ticket ends up in (its last category_change), as in the warehouse
    select
        ticket_id,
        arg_max(to_value, (parse_ts(event_at), event_id)) as category
    from read_parquet('{raw}/ticket_events.parquet')
    where event_type = 'category_change'
    group by ticket_id
),

categorized as (
    select
        tickets.* replace (
            coalesce(current_categories.category, tickets.category) as category
        )
    from tickets
    left join current_categories
        on tickets.ticket_id = current_categories.ticket_id
),

replies as (
    -- public agent/bot messages (system messages never count)
    select
        ticket_id,
        parse_ts(sent_at) as sent_at
    from read_parquet('{raw}/messages.parquet')
    where author_type in ('agent', 'bot')
        and lower(cast(is_public as varchar)) in ('true', 't', '1')
),

status_events as (
    select
        ticket_id,
        event_id,
        parse_ts(event_at) as event_at,
        from_value,
        to_value
    from read_parquet('{raw}/ticket_events.parquet')
    where event_type = 'status_change'
),

as_of as (
    -- the latest timestamp in tickets, ticket_events and messages (SPEC default)
    select greatest(
        (select max(created_at) from tickets),
        (select max(parse_ts(event_at)) from read_parquet('{raw}/ticket_events.parquet')),
        (select max(parse_ts(sent_at)) from read_parquet('{raw}/messages.parquet'))
    ) as as_of_at
),

first_replies as (
    select
        replies.ticket_id,
        min(replies.sent_at) as first_response_at
    from replies
    inner join tickets
        on replies.ticket_id = tickets.ticket_id
    where replies.sent_at >= tickets.created_at
    group by replies.ticket_id
),

status_changes as (
    select
        ticket_id,
        event_at,
        to_value as to_status,
        coalesce(
            from_value,
            lag(to_value) over ticket_order,
            'new'
        ) as from_status,
        lead(event_id) over ticket_order is null as is_last
    from status_events
    where event_at is not null
    window ticket_order as (partition by ticket_id order by event_at, event_id)
),

lifecycle as (
    select
        ticket_id,
        min(event_at) filter (
            where to_status in ('solved', 'closed') and from_status not in ('solved', 'closed')
        ) as first_resolved_at,
        max(event_at) filter (
            where to_status in ('solved', 'closed') and from_status not in ('solved', 'closed')
        ) as last_resolved_at,
        bool_or(is_last and to_status in ('solved', 'closed')) as is_resolved_now,
        count(*) filter (
            where from_status in ('solved', 'closed')
                and to_status in ('new', 'open', 'pending', 'on_hold')
        ) as reopen_count,
        min(event_at) filter (
            where from_status in ('solved', 'closed')
                and to_status in ('new', 'open', 'pending', 'on_hold')
        ) as first_reopen_at
    from status_changes
    group by ticket_id
),

per_ticket as (
    select
        categorized.ticket_id,
        categorized.customer_id,
        categorized.category,
        categorized.created_by_type = 'customer' as is_inbound,
        categorized.created_at,
        case
            when categorized.created_by_type = 'customer' then first_replies.first_response_at
        end as first_response_at,
        lifecycle.first_resolved_at,
        case when lifecycle.is_resolved_now then lifecycle.last_resolved_at end as resolved_at,
        coalesce(lifecycle.reopen_count, 0) as reopen_count,
        lifecycle.first_reopen_at,
        lifecycle.first_resolved_at + interval 168 hour as fcr_window_end_at
    from categorized
    left join first_replies
        on categorized.ticket_id = first_replies.ticket_id
    left join lifecycle
        on categorized.ticket_id = lifecycle.ticket_id
),

follow_ups as (
    select distinct per_ticket.ticket_id
    from per_ticket
    inner join categorized as later
        on per_ticket.customer_id = later.customer_id
            and per_ticket.category = later.category
    where later.created_by_type = 'customer'
        and later.ticket_id <> per_ticket.ticket_id
        and later.created_at > per_ticket.first_resolved_at
        and later.created_at <= per_ticket.fcr_window_end_at
)

select
    per_ticket.ticket_id,
    per_ticket.created_at,
    per_ticket.first_response_at,
    minutes_between(per_ticket.created_at, per_ticket.first_response_at)
        as first_response_minutes,
    per_ticket.first_resolved_at,
    per_ticket.resolved_at,
    minutes_between(per_ticket.created_at, per_ticket.resolved_at) as resolution_minutes,
    per_ticket.reopen_count,
    case
        when not coalesce(per_ticket.is_inbound, false) then 'not_applicable'
        when per_ticket.first_resolved_at is null then 'unresolved'
        when per_ticket.first_reopen_at <= per_ticket.fcr_window_end_at
            or follow_ups.ticket_id is not null then 'not_first_contact'
        when per_ticket.fcr_window_end_at > as_of.as_of_at then 'pending'
        else 'first_contact'
    end as fcr_status
from per_ticket
cross join as_of
left join follow_ups
    on per_ticket.ticket_id = follow_ups.ticket_id;
