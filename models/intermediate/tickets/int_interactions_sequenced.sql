{#- One row per accepted interaction: every message, and every call (queued_at
    is its time). Per ticket it carries the message order (sent_at, then
    message_id), whether a message is a reply (public, by an agent or bot, not
    before the ticket's creation), how many replies precede it, and the time of
    the previous interaction (any earlier message, or a call queued at or
    before it): the inputs of first response, response time and FCR. -#}
{#- dbt cannot see this read: ticket_scope_filter() reads int_ticket_scope
    on incremental runs only -#}
-- depends_on: {{ ref('int_ticket_scope') }}
with messages as (
    select * from {{ ref('stg_helpdesk__messages') }}
    where {{ ticket_scope_filter() }}
),

calls as (
    select * from {{ ref('stg_helpdesk__calls') }}
    where {{ ticket_scope_filter() }}
),

tickets as (
    select
        ticket_id,
        channel,
        created_at
    from {{ ref('int_ticket_attributes') }}
    where {{ ticket_scope_filter() }}
),

message_rows as (
    select
        messages.message_id as interaction_id,
        'message' as interaction_type,
        messages.ticket_id,
        messages.sent_at as interaction_at,
        messages.author_type,
        messages.author_id,
        coalesce(messages.channel, tickets.channel) as channel,
        messages.is_public,
        messages.is_public
        and messages.author_type in ('agent', 'bot')
        and messages.sent_at >= tickets.created_at as is_reply,
        1 as kind_order
    from messages
    inner join tickets
        on messages.ticket_id = tickets.ticket_id
),

call_rows as (
    select
        call_id as interaction_id,
        'call' as interaction_type,
        ticket_id,
        queued_at as interaction_at,
        case when direction = 'outbound' then 'agent' else 'customer' end as author_type,
        case when direction = 'outbound' then agent_id else customer_id end as author_id,
        'phone' as channel,
        true as is_public,
        false as is_reply,
        0 as kind_order
    from calls
),

unioned as (
    select * from message_rows
    union all
    select * from call_rows
),

sequenced as (
    select
        unioned.*,
        case
            -- bigint on every engine (Spark's row_number is an int)
            when interaction_type = 'message' then cast(row_number() over (
                    partition by ticket_id, interaction_type
                    order by interaction_at, interaction_id
                ) as {{ dbt.type_bigint() }})
        end as message_sequence,
        max(interaction_at) over (
            partition by ticket_id
            order by interaction_at, kind_order, interaction_id
            rows between unbounded preceding and 1 preceding
        ) as previous_interaction_at,
        coalesce(count(case when is_reply then 1 end) over (
            partition by ticket_id, interaction_type
            order by interaction_at, interaction_id
            rows between unbounded preceding and 1 preceding
        ), 0) as replies_before
    from unioned
),

final as (
    select
        interaction_id,
        interaction_type,
        ticket_id,
        interaction_at,
        author_type,
        author_id,
        channel,
        is_public,
        is_reply,
        message_sequence,
        previous_interaction_at,
        replies_before
    from sequenced
)

select * from final
