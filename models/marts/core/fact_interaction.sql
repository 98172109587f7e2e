{#- One row per accepted interaction: a message or a call. For a reply (a
    public agent/bot message not before the ticket's creation) response_minutes
    is the wait of the oldest public customer message still unanswered at
    that moment (int_ticket_reply_waits); null elsewhere. -#}
{#- dbt cannot see this read: ticket_scope_filter() reads int_ticket_scope
    on incremental runs only -#}
-- depends_on: {{ ref('int_ticket_scope') }}
with interactions as (
    select * from {{ ref('int_interactions_sequenced') }}
    where {{ ticket_scope_filter() }}
),

tickets as (
    select
        ticket_id,
        source_relation,
        first_response_message_id
    from {{ ref('int_ticket_timings') }}
    where {{ ticket_scope_filter() }}
),

reply_waits as (
    select * from {{ ref('int_ticket_reply_waits') }}
    where {{ ticket_scope_filter() }}
),

final as (
    select
        interactions.interaction_id,
        interactions.ticket_id,
        tickets.source_relation,
        interactions.interaction_type,
        interactions.interaction_at,
        interactions.author_type,
        interactions.author_id,
        interactions.channel,
        interactions.is_public,
        interactions.is_reply,
        coalesce(
            interactions.interaction_type = 'message'
            and interactions.interaction_id = tickets.first_response_message_id,
            false
        ) as is_first_response,
        case when interactions.is_reply then reply_waits.reply_minutes end as response_minutes,
        interactions.message_sequence,
        interactions.previous_interaction_at,
        {{ run_loaded_at() }} as dbt_updated_at
    from interactions
    left join tickets
        on interactions.ticket_id = tickets.ticket_id
    left join reply_waits
        on interactions.ticket_id = reply_waits.ticket_id
            and interactions.replies_before = reply_waits.replies_before
            and interactions.interaction_type = 'message'
)

select * from final
