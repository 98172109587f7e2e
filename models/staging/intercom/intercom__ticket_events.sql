{{ config(enabled=is_helpdesk_source('intercom')) }}
{#- The ticket_events table of SPEC section 1 from Intercom
    (docs/connectors/intercom.md); read and judged by
    base_helpdesk__ticket_events like a raw file:
    - status changes, assignments and escalations from conversation parts
      (intercom__conversation_parts classifies them; event id the part's);
    - priority changes from the versions of conversation_history whose
      priority differs from the version before (event id
      conversation:priority:time; no actor: a version has no author).
    Intercom has no escalation reason: null. -#}
with parts as (
    select * from {{ ref('intercom__conversation_parts') }}
),

versions as (
    select * from {{ ref('intercom__conversation_versions') }}
),

events as (
    select
        part_id as event_id,
        conversation_id as ticket_id,
        created_at as event_at,
        event_type,
        author_id as actor_id,
        from_value,
        to_value
    from parts
    where outcome = 'ticket_events'

    union all

    select
        conversation_id || ':priority:' || coalesce(updated_at, '') as event_id,
        conversation_id as ticket_id,
        updated_at as event_at,
        event_type,
        cast(null as {{ dbt.type_string() }}) as actor_id,
        from_value,
        to_value
    from versions
    where outcome = 'ticket_events'
),

final as (
    select
        event_id,
        ticket_id,
        event_at,
        event_type,
        actor_id,
        from_value,
        to_value,
        cast(null as {{ dbt.type_string() }}) as reason,
        -- the raw layer's bookkeeping (a mapped row has no file line)
        {{ connector_raw_bookkeeping('ticket_id, event_id', 'event_at') }}
    from events
)

select * from final
