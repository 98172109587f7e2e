{#- One row per ticket and waiting spell: the public customer messages that
    came after the same number of replies (replies_before) wait together for
    the next reply (metric_reply_time). waiting_since_at is the oldest of
    them, answered_at the reply that answers them (null while none has),
    reply_minutes the wait in calendar minutes. fact_interaction's
    response_minutes and fact_ticket's total and maximum reply minutes are
    read from here. -#}
{#- dbt cannot see this read: ticket_scope_filter() reads int_ticket_scope
    on incremental runs only -#}
-- depends_on: {{ ref('int_ticket_scope') }}
with messages as (
    select
        ticket_id,
        interaction_id,
        interaction_at,
        author_type,
        is_public,
        is_reply,
        replies_before
    from {{ ref('int_interactions_sequenced') }}
    where interaction_type = 'message'
        and {{ ticket_scope_filter() }}
),

waiting as (
    select
        ticket_id,
        replies_before,
        min(interaction_at) as waiting_since_at,
        count(*) as waiting_messages
    from messages
    where author_type = 'customer' and is_public
    group by ticket_id, replies_before
),

answers as (
    -- a reply's replies_before is unique on its ticket: the replies before it
    select
        ticket_id,
        replies_before,
        interaction_id as answered_by_message_id,
        interaction_at as answered_at
    from messages
    where is_reply
),

final as (
    select
        waiting.ticket_id,
        waiting.replies_before,
        waiting.waiting_since_at,
        waiting.waiting_messages,
        answers.answered_by_message_id,
        answers.answered_at,
        {{ seconds_between('waiting.waiting_since_at', 'answers.answered_at') }} / 60.0
            as reply_minutes
    from waiting
    left join answers
        on waiting.ticket_id = answers.ticket_id
            and waiting.replies_before = answers.replies_before
)

select * from final
