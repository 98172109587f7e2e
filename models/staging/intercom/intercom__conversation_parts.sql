{{ config(enabled=is_helpdesk_source('intercom')) }}
{#- One row per conversation part (its latest version: Fivetran's history
    mode keeps one per update), classified: the canonical event or message
    it is, or why it is none (outcome).
    - open, close, snoozed, unsnoozed (and any part type the status value
      map names) are status changes, through the value map (close solved,
      snoozed pending, open and unsnoozed open);
    - assignment, default_assignment, away_mode_assignment,
      assign_and_reopen, assign_and_unsnooze: to an admin (or a bot) an
      assignment; to a team an escalation when the team's tier
      (seeds/connectors/connector_group_tiers.csv) is higher than the tier
      of the team before; to nobody an unassignment (no event);
    - comment a public message, note a private one. -#}
with parts as (
    select * from {{ ref('base_intercom__conversation_part_history') }}
),

teams as (
    select * from {{ ref('base_intercom__team') }}
),

group_tiers as (
    select * from {{ ref('connector__group_tiers') }}
),

value_maps as (
    -- matched case-insensitively (the data's values are lower-cased)
    select * from {{ ref('connector__value_maps') }}
),

status_part_types as (
    select source_value as part_type from value_maps
    where field = 'status'
    union
    select 'open' as part_type
    union
    select 'close' as part_type
    union
    select 'snoozed' as part_type
    union
    select 'unsnoozed' as part_type
),

ranked as (
    -- the latest version of each part
    select
        parts.*,
        row_number() over (
            partition by parts.part_id
            order by
                case when parts.is_active = false then 1 else 0 end,
                {{ parse_timestamp_utc('parts.updated_at') }} desc,
                parts.part_type,
                parts.assigned_to_id asc,
                parts.author_id asc
        ) as version_number,
        count(*) over (partition by parts.part_id) as version_count
    from parts
    where parts.part_id is not null
),

typed as (
    select
        ranked.part_id,
        ranked.conversation_id,
        ranked.part_type,
        ranked.author_id,
        ranked.author_type,
        ranked.assigned_to_id,
        ranked.assigned_to_type,
        ranked.body,
        ranked.created_at,
        ranked.version_count,
        {{ parse_timestamp_utc('ranked.created_at') }} as created_at_utc,
        case
            when status_part_types.part_type is not null then 'status'
            when ranked.part_type in (
                    'assignment', 'default_assignment', 'away_mode_assignment',
                    'assign_and_reopen', 'assign_and_unsnooze'
                )
                then case
                        when ranked.assigned_to_id is null
                            or coalesce(ranked.assigned_to_type, '') = 'nobody_admin'
                            then 'unassignment'
                        when ranked.assigned_to_type = 'team' then 'team'
                        else 'admin'
                    end
            when ranked.part_type in ('comment', 'note') then 'message'
            else 'other'
        end as part_kind,
        status_map.canonical_value as status,
        tiers.tier as team_tier
    from ranked
    left join status_part_types
        on ranked.part_type = status_part_types.part_type
    left join value_maps as status_map
        on status_map.field = 'status'
            and ranked.part_type = status_map.source_value
    left join teams
        on ranked.assigned_to_type = 'team'
            and ranked.assigned_to_id = teams.team_id
    left join group_tiers as tiers
        on lower(teams.team_name) = tiers.group_name
    where ranked.version_number = 1
),

sequenced as (
    -- the value before, among the parts of the same kind of the
    -- conversation: the status, the assignee, the team's tier
    select
        typed.*,
        lag(case typed.part_kind
            when 'status' then typed.status
            when 'admin' then typed.assigned_to_id
            when 'team' then typed.team_tier
        end) over (
            partition by typed.conversation_id, typed.part_kind
            order by typed.created_at_utc, typed.part_id
        ) as previous_value,
        row_number() over (
            partition by typed.conversation_id, typed.part_kind
            order by typed.created_at_utc, typed.part_id
        ) as kind_number
    from typed
),

final as (
    select
        part_id,
        conversation_id,
        part_type,
        part_kind,
        author_id,
        author_type,
        assigned_to_id,
        body,
        created_at,
        version_count,
        case
            when part_kind = 'status' then 'status_change'
            when part_kind = 'admin' then 'assignment'
            when part_kind = 'team' and team_tier > previous_value then 'escalation'
        end as event_type,
        previous_value as from_value,
        case part_kind
            when 'status'
                then coalesce(
                        status,
                        'unmapped intercom status ' || part_type
                        || ' (add it to seeds/connectors/connector_value_maps.csv)'
                    )
            when 'admin' then assigned_to_id
            when 'team' then team_tier
        end as to_value,
        case
            when part_kind in ('status', 'admin') then 'ticket_events'
            when part_kind = 'team' and team_tier > previous_value then 'ticket_events'
            when part_kind = 'message' then 'messages'
            when part_kind = 'unassignment' then 'not mapped: unassignment (no canonical event)'
            when part_kind = 'team' and kind_number = 1
                then 'not mapped: the initial team (no event)'
            when part_kind = 'team'
                then 'not mapped: team change to no higher tier (no escalation)'
            else 'not mapped: part type ' || coalesce(part_type, '<null>') || ' not read'
        end as outcome
    from sequenced
)

select * from final
