{#- One row per accepted ticket that has messages: reply counts, the first
    reply, and whether a human agent or a bot wrote on it. -#}
{#- dbt cannot see this read: ticket_scope_filter() reads int_ticket_scope
    on incremental runs only -#}
-- depends_on: {{ ref('int_ticket_scope') }}
with interactions as (
    select * from {{ ref('int_interactions_sequenced') }}
    where interaction_type = 'message'
        and {{ ticket_scope_filter() }}
),

counts as (
    select
        ticket_id,
        count(case when is_reply then 1 end) as agent_reply_count,
        count(case when is_reply and author_type = 'bot' then 1 end) as bot_reply_count,
        count(case when author_type = 'customer' and is_public then 1 end)
            as customer_message_count,
        max(case when author_type = 'agent' then 1 else 0 end) = 1 as has_human_message,
        min(case when is_reply then message_sequence end) as first_reply_sequence
    from interactions
    group by ticket_id
),

final as (
    -- the first reply found by its sequence number (unique within a ticket's
    -- messages): an aggregate and a join, which spill to disk, rather than a
    -- window over every message (at 10M tickets a ranking window here ran
    -- out of memory beside another model)
    select
        counts.ticket_id,
        counts.agent_reply_count,
        counts.bot_reply_count,
        counts.customer_message_count,
        counts.has_human_message,
        first_replies.interaction_id as first_reply_message_id,
        first_replies.interaction_at as first_reply_at,
        counts.first_reply_sequence
    from counts
    left join interactions as first_replies
        on counts.ticket_id = first_replies.ticket_id
            and counts.first_reply_sequence = first_replies.message_sequence
)

select * from final
