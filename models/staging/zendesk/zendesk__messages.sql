{{ config(enabled=is_helpdesk_source('zendesk')) }}
{#- The messages table of SPEC section 1 from Zendesk's ticket_comment
    (docs/connectors.md), one row per comment not deleted; read and judged
    by base_helpdesk__messages like a raw file.
    - author_type: bot for a user of var connector_bot_user_ids, system for
      Zendesk's own user (-1: triggers and automations), else the author's
      role through the value map (end-user customer, agent and admin
      agent); a comment by a user the user table lacks is kept with an
      author_type that says so, and rejected by the helpdesk base model;
    - is_public: public (false: an internal note); channel: phone for a
      voice comment, else the ticket's (null);
    - body: the comment's text (the optional messages.body). -#}
with comments as (
    select * from {{ ref('base_zendesk__ticket_comment') }}
),

excluded_tickets as (
    select * from {{ ref('zendesk__excluded_tickets') }}
),

users as (
    select * from {{ ref('zendesk__users') }}
),

value_maps as (
    -- matched case-insensitively (the data's values are lower-cased)
    select * from {{ ref('connector__value_maps') }}
),

final as (
    select
        comments.comment_id as message_id,
        comments.ticket_id,
        comments.created_at as sent_at,
        case
            when comments.user_id in ({{ connector_bot_ids_sql() }}) then 'bot'
            when comments.is_system_author then 'system'
            when users.user_id is null
                then 'unknown zendesk user ' || coalesce(comments.user_id, '<null>')
                    || ' (not in the user table)'
            else coalesce(
                    role_map.canonical_value,
                    'unmapped zendesk role ' || coalesce(users.user_role, '<null>')
                    || ' (add it to seeds/connectors/connector_value_maps.csv)'
                )
        end as author_type,
        comments.user_id as author_id,
        comments.is_public,
        case when comments.is_voice then 'phone' end as channel,
        comments.body,
        -- the raw layer's bookkeeping (a mapped row has no file line)
        {{ connector_raw_bookkeeping('comments.comment_id', 'comments.created_at') }}
    from comments
    left join users
        on comments.user_id = users.user_id
    left join value_maps as role_map
        on role_map.field = 'role'
            and users.user_role = role_map.source_value
    left join excluded_tickets
        on comments.ticket_id = excluded_tickets.ticket_id
    where not comments.is_deleted
        and excluded_tickets.ticket_id is null
)

select * from final
