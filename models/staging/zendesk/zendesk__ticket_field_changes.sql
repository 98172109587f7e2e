{{ config(enabled=is_helpdesk_source('zendesk')) }}
{#- One row per row of Zendesk's ticket_field_history, classified
    (docs/connectors/zendesk.md): the canonical event it is (event_type,
    with its from and to values), or why it is none (not_mapped_reason).
    zendesk__ticket_events keeps the events; zendesk__source_row_counts
    counts every row by outcome.
    - status: every value is a status_change (the first, new, at creation),
      through the value map (hold is on_hold); a status the map does not name
      is kept with a to_value that says so, and the helpdesk base model
      rejects that event only, the reason naming the map to extend;
    - assignee_id: an assignment (an unassignment has no canonical event);
    - priority and the category field (var zendesk_category_field): a
      priority_change / category_change from the second value on (the first
      is the ticket's own, zendesk__tickets);
    - group_id: an escalation when the new group's tier (seeds/connectors/
      connector_group_tiers.csv) is above the previous group's.
    Identical duplicate rows share their previous value (so they map to
    identical events, one of which the helpdesk base model keeps). -#}
{%- set category_field = var('zendesk_category_field') -%}
with field_history as (
    select * from {{ ref('base_zendesk__ticket_field_history') }}
),

excluded_tickets as (
    select * from {{ ref('zendesk__excluded_tickets') }}
),

groups as (
    select * from {{ ref('base_zendesk__group') }}
    where not is_deleted
),

group_tiers as (
    -- matched case-insensitively
    select * from {{ ref('connector__group_tiers') }}
),

value_maps as (
    -- matched case-insensitively (the data's values are lower-cased)
    select * from {{ ref('connector__value_maps') }}
),

history as (
    select
        field_history.ticket_id,
        field_history.field_name,
        field_history.field_value,
        field_history.user_id,
        field_history.updated_at,
        {{ parse_timestamp_utc('field_history.updated_at') }} as updated_at_utc,
        excluded_tickets.exclusion_reason,
        coalesce(field_history.field_name in (
            'status', 'assignee_id', 'priority', 'group_id'
            {%- if category_field %}, {{ sql_text_literal(category_field) }}{% endif %}
        ), false) as is_event_field
    from field_history
    left join excluded_tickets
        on field_history.ticket_id = excluded_tickets.ticket_id
),

distinct_values as (
    select distinct
        ticket_id,
        field_name,
        field_value,
        updated_at,
        updated_at_utc
    from history
    where is_event_field and exclusion_reason is null
),

previous_values as (
    -- the value before, and the place of this value in the field's history
    -- (the first is the ticket's own, not a change)
    select
        ticket_id,
        field_name,
        field_value,
        updated_at,
        lag(field_value) over (
            partition by ticket_id, field_name
            order by updated_at_utc, field_value
        ) as previous_value,
        row_number() over (
            partition by ticket_id, field_name
            order by updated_at_utc, field_value
        ) as value_number
    from distinct_values
),

changes as (
    select
        history.*,
        previous_values.previous_value,
        previous_values.value_number
    from history
    left join previous_values
        on history.ticket_id = previous_values.ticket_id
            and history.field_name = previous_values.field_name
            and history.updated_at = previous_values.updated_at
            and coalesce(history.field_value, '') = coalesce(previous_values.field_value, '')
),

tiers as (
    select
        changes.*,
        new_tiers.tier as to_tier,
        previous_tiers.tier as from_tier
    from changes
    left join groups as new_groups
        on changes.field_name = 'group_id'
            and changes.field_value = new_groups.group_id
    left join group_tiers as new_tiers
        on lower(new_groups.group_name) = new_tiers.group_name
    left join groups as previous_groups
        on changes.field_name = 'group_id'
            and changes.previous_value = previous_groups.group_id
    left join group_tiers as previous_tiers
        on lower(previous_groups.group_name) = previous_tiers.group_name
),

classified as (
    select
        tiers.*,
        case
            when tiers.exclusion_reason is not null or not tiers.is_event_field then null
            when tiers.field_name = 'status' then 'status_change'
            when tiers.field_name = 'assignee_id' and tiers.field_value is not null
                then 'assignment'
            when tiers.field_name = 'priority' and tiers.value_number > 1
                then 'priority_change'
            {%- if category_field %}
            when tiers.field_name = {{ sql_text_literal(category_field) }}
                and tiers.value_number > 1
                then 'category_change'
            {%- endif %}
            when tiers.field_name = 'group_id' and tiers.to_tier > tiers.from_tier
                then 'escalation'
        end as event_type,
        case
            when tiers.exclusion_reason is not null then 'ticket ' || tiers.exclusion_reason
            when not tiers.is_event_field
                then 'field not read: ' || coalesce(tiers.field_name, '<null>')
            when tiers.field_name = 'assignee_id' then 'unassignment (no canonical event)'
            when tiers.field_name = 'group_id' and tiers.value_number = 1
                then 'the initial group (no event)'
            when tiers.field_name = 'group_id'
                then 'group change to no higher tier (no escalation)'
            else 'the initial value (on zendesk__tickets)'
        end as not_mapped_reason
    from tiers
),

final as (
    select
        classified.ticket_id,
        classified.field_name,
        classified.field_value,
        classified.user_id,
        classified.updated_at,
        classified.event_type,
        case classified.event_type
            -- null after a status the map does not name (that event is rejected)
            when 'status_change' then previous_status.canonical_value
            when 'priority_change'
                then coalesce(previous_priority.canonical_value, lower(classified.previous_value))
            when 'escalation' then classified.from_tier
            else classified.previous_value
        end as from_value,
        case classified.event_type
            when 'status_change'
                then coalesce(
                        status_map.canonical_value,
                        'unmapped zendesk status ' || coalesce(classified.field_value, '<null>')
                        || ' (add it to seeds/connectors/connector_value_maps.csv)'
                    )
            when 'priority_change'
                then coalesce(priority_map.canonical_value, lower(classified.field_value))
            when 'escalation' then classified.to_tier
            else classified.field_value
        end as to_value,
        case when classified.event_type is null then classified.not_mapped_reason end
            as not_mapped_reason
    from classified
    left join value_maps as status_map
        on classified.field_name = 'status'
            and status_map.field = 'status'
            and lower(classified.field_value) = status_map.source_value
    left join value_maps as previous_status
        on classified.field_name = 'status'
            and previous_status.field = 'status'
            and lower(classified.previous_value) = previous_status.source_value
    left join value_maps as priority_map
        on classified.field_name = 'priority'
            and priority_map.field = 'priority'
            and lower(classified.field_value) = priority_map.source_value
    left join value_maps as previous_priority
        on classified.field_name = 'priority'
            and previous_priority.field = 'priority'
            and lower(classified.previous_value) = previous_priority.source_value
)

select * from final
