{{ config(enabled=is_helpdesk_source('intercom')) }}
{#- The messages table of SPEC section 1 from Intercom
    (docs/connectors/intercom.md); read and judged by
    base_helpdesk__messages like a raw file:
    - the conversation's opening message (its source, on conversation_history:
      not a part), sent at created_at by the source author, message id
      conversation:source;
    - comment parts (public) and note parts (private).
    author_type: bot for a bot author or a user of var
    connector_bot_user_ids, else the author type through the value map (user
    and lead customer, admin agent); a type the map lacks is kept with an
    author_type that says so, and rejected by the helpdesk base model.
    channel: null (Intercom keeps the channel on the conversation). -#}
with parts as (
    select * from {{ ref('intercom__conversation_parts') }}
),

versions as (
    select * from {{ ref('intercom__conversation_versions') }}
),

value_maps as (
    -- matched case-insensitively (the data's values are lower-cased)
    select * from {{ ref('connector__value_maps') }}
),

written as (
    select
        conversation_id || ':source' as message_id,
        conversation_id as ticket_id,
        created_at as sent_at,
        source_author_type as author_kind,
        source_author_id as author_id,
        'true' as is_public,
        source_body as body
    from versions
    where is_latest
        and (source_author_type is not null or source_author_id is not null)

    union all

    select
        part_id as message_id,
        conversation_id as ticket_id,
        created_at as sent_at,
        author_type as author_kind,
        author_id,
        case when part_type = 'comment' then 'true' else 'false' end as is_public,
        body
    from parts
    where outcome = 'messages'
),

final as (
    select
        written.message_id,
        written.ticket_id,
        written.sent_at,
        case
            when written.author_id in ({{ connector_bot_ids_sql() }}) then 'bot'
            else coalesce(
                    role_map.canonical_value,
                    'unmapped intercom author type ' || coalesce(written.author_kind, '<null>')
                    || ' (add it to seeds/connectors/connector_value_maps.csv)'
                )
        end as author_type,
        written.author_id,
        written.is_public,
        cast(null as {{ dbt.type_string() }}) as channel,
        written.body,
        -- the raw layer's bookkeeping (a mapped row has no file line)
        {{ connector_raw_bookkeeping('written.message_id', 'written.sent_at') }}
    from written
    left join value_maps as role_map
        on role_map.field = 'role'
            and written.author_kind = role_map.source_value
)

select * from final
