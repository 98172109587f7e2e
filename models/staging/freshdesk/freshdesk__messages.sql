{{ config(enabled=is_helpdesk_source('freshdesk')) }}
{#- The messages table of SPEC section 1 from Freshdesk
    (docs/connectors/freshdesk.md); read and judged by
    base_helpdesk__messages like a raw file.
    - the ticket's description is its first message (Freshdesk keeps it on
      the ticket, not as a conversation): sent at created_at by the
      requester (customer), or on an outbound ticket by its agent (the
      responder), public; id <ticket>:description;
    - one row per conversation not deleted: incoming is the customer; else
      a user of var connector_bot_user_ids is a bot, else the author's role
      (agent or contact) through the value map; a conversation by a user
      neither table holds is kept with an author_type that says so, and
      rejected by the helpdesk base model; private is an internal note
      (is_public false);
    - channel: none (the ticket's); body: body_text (description_text). -#}
with tickets as (
    select * from {{ ref('freshdesk__current_tickets') }}
),

conversations as (
    select * from {{ ref('base_freshdesk__conversation') }}
),

excluded_tickets as (
    select * from {{ ref('freshdesk__excluded_tickets') }}
),

users as (
    select * from {{ ref('freshdesk__users') }}
),

value_maps as (
    -- matched case-insensitively (the data's values are lower-cased)
    select * from {{ ref('connector__value_maps') }}
),

descriptions as (
    select
        tickets.ticket_id || ':description' as message_id,
        tickets.ticket_id,
        tickets.created_at as sent_at,
        case
            when not tickets.is_outbound then 'customer'
            when tickets.responder_id in ({{ connector_bot_ids_sql() }}) then 'bot'
            else 'agent'
        end as author_type,
        case when tickets.is_outbound then tickets.responder_id else tickets.requester_id end
            as author_id,
        'true' as is_public,
        cast(null as {{ dbt.type_string() }}) as channel,
        tickets.description_text as body,
        0 as message_order
    from tickets
    where tickets.description_text is not null
),

replies as (
    select
        conversations.conversation_id as message_id,
        conversations.ticket_id,
        conversations.created_at as sent_at,
        case
            when conversations.is_incoming then 'customer'
            when conversations.user_id in ({{ connector_bot_ids_sql() }}) then 'bot'
            when users.user_id is null
                then 'unknown freshdesk user ' || coalesce(conversations.user_id, '<null>')
                    || ' (not in the agent or contact table)'
            else coalesce(
                    role_map.canonical_value,
                    'unmapped freshdesk role ' || users.user_role
                    || ' (add it to seeds/connectors/connector_value_maps.csv)'
                )
        end as author_type,
        conversations.user_id as author_id,
        case conversations.is_private
            when true then 'false'
            when false then 'true'
            else conversations.raw_private
        end as is_public,
        cast(null as {{ dbt.type_string() }}) as channel,
        conversations.body_text as body,
        1 as message_order
    from conversations
    left join users
        on conversations.user_id = users.user_id
    left join value_maps as role_map
        on role_map.field = 'role'
            and users.user_role = role_map.source_value
    left join excluded_tickets
        on conversations.ticket_id = excluded_tickets.ticket_id
    where not conversations.is_deleted
        and excluded_tickets.ticket_id is null
),

all_messages as (
    select * from descriptions
    union all
    select * from replies
),

final as (
    select
        message_id,
        ticket_id,
        sent_at,
        author_type,
        author_id,
        is_public,
        channel,
        body,
        -- the raw layer's bookkeeping (a mapped row has no file line)
        row_number() over (order by message_order, message_id) as _row_number,
        cast(null as {{ dbt.type_string() }}) as _read_error,
        cast(null as {{ dbt.type_string() }}) as _raw_line,
        {{ parse_timestamp_utc('sent_at') }} as _loaded_at
    from all_messages
)

select * from final
