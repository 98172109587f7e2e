{{ config(enabled=is_helpdesk_source('intercom')) }}
{#- One row per conversation_history row (a version of a conversation),
    classified: Fivetran's history mode keeps one version per update. The
    first version is the ticket (the priority it was created with); a later
    version whose priority differs from the version before is a priority
    change; the latest version (is_latest) gives the ticket's current
    values (source, customer, rating). -#}
with versions as (
    select * from {{ ref('base_intercom__conversation_history') }}
),

value_maps as (
    -- matched case-insensitively (the data's values are lower-cased)
    select * from {{ ref('connector__value_maps') }}
),

numbered as (
    select
        versions.*,
        row_number() over (
            partition by versions.conversation_id
            order by
                {{ parse_timestamp_utc('versions.updated_at') }},
                case when versions.is_active then 1 else 0 end,
                versions.priority,
                versions.state
        ) as version_number,
        count(*) over (partition by versions.conversation_id) as version_count,
        lag(versions.priority) over (
            partition by versions.conversation_id
            order by
                {{ parse_timestamp_utc('versions.updated_at') }},
                case when versions.is_active then 1 else 0 end,
                versions.priority,
                versions.state
        ) as previous_priority
    from versions
    where versions.conversation_id is not null
),

classified as (
    select
        numbered.*,
        numbered.version_number = numbered.version_count as is_latest,
        case
            when numbered.version_number = 1 then 'tickets'
            when numbered.priority is not null
                and numbered.previous_priority is not null
                and numbered.priority <> numbered.previous_priority
                then 'ticket_events'
            else 'not mapped: a later version of the conversation with no priority change'
                || ' (its current values are read into tickets)'
        end as outcome
    from numbered
),

final as (
    select
        classified.*,
        case when classified.outcome = 'ticket_events' then 'priority_change' end as event_type,
        case when classified.outcome = 'ticket_events'
                then coalesce(previous_map.canonical_value, classified.previous_priority)
        end as from_value,
        case when classified.outcome = 'ticket_events'
                then coalesce(priority_map.canonical_value, classified.priority)
        end as to_value
    from classified
    left join value_maps as priority_map
        on priority_map.field = 'priority'
            and classified.priority = priority_map.source_value
    left join value_maps as previous_map
        on previous_map.field = 'priority'
            and classified.previous_priority = previous_map.source_value
)

select * from final
