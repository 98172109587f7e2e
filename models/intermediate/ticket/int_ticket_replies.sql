{#- One row per accepted ticket that has messages: reply counts, the first
    reply, and whether a human agent or a bot wrote on it. -#}
-- depends_on: {{ ref('int_ticket_scope') }}
with interactions as (
    select * from {{ ref('int_interactions_sequenced') }}
    where interaction_type = 'message'
        and {{ ticket_scope_filter() }}
),

first_replies as (
    select
        ticket_id,
        interaction_id as first_reply_message_id,
        interaction_at as first_reply_at,
        message_sequence as first_reply_sequence,
        row_number() over (
            partition by ticket_id order by message_sequence
        ) as reply_rank
    from interactions
    where is_reply
),

counts as (
    select
        ticket_id,
        count(case when is_reply then 1 end) as agent_reply_count,
        count(case when is_reply and author_type = 'bot' then 1 end) as bot_reply_count,
        count(case when author_type = 'customer' and is_public then 1 end)
            as customer_message_count,
        max(case when author_type = 'agent' then 1 else 0 end) = 1 as has_human_message
    from interactions
    group by ticket_id
),

final as (
    select
        counts.ticket_id,
        counts.agent_reply_count,
        counts.bot_reply_count,
        counts.customer_message_count,
        counts.has_human_message,
        first_replies.first_reply_message_id,
        first_replies.first_reply_at,
        first_replies.first_reply_sequence
    from counts
    left join first_replies
        on counts.ticket_id = first_replies.ticket_id
            and first_replies.reply_rank = 1
)

select * from final
