{{ config(enabled=is_helpdesk_source('intercom')) }}
{#- The agents table of SPEC section 1 from Intercom's admins
    (docs/connectors/intercom.md): one row per admin, and per bot that
    wrote parts but is not an admin. team: the admin's first team (by name)
    that has no tier in seeds/connectors/connector_group_tiers.csv, else its
    first team; tier: the highest tier of its teams. is_bot: a user of var
    connector_bot_user_ids, or an author of bot parts. Intercom holds no
    hire date, termination or cost: null. -#}
with admins as (
    select * from {{ ref('base_intercom__admin') }}
),

team_admins as (
    select * from {{ ref('base_intercom__team_admin') }}
    where not is_deleted
),

teams as (
    select * from {{ ref('base_intercom__team') }}
),

parts as (
    select * from {{ ref('intercom__conversation_parts') }}
),

versions as (
    select * from {{ ref('intercom__conversation_versions') }}
),

group_tiers as (
    select * from {{ ref('connector__group_tiers') }}
),

bot_authors as (
    select distinct author_id as agent_id
    from parts
    where author_type = 'bot' and author_id is not null
    union
    select distinct source_author_id as agent_id
    from versions
    where source_author_type = 'bot' and source_author_id is not null
),

memberships as (
    select
        team_admins.admin_id,
        teams.team_name,
        group_tiers.tier
    from team_admins
    inner join teams
        on team_admins.team_id = teams.team_id
    left join group_tiers
        on lower(teams.team_name) = group_tiers.group_name
),

admin_teams as (
    select
        admin_id,
        coalesce(
            min(case when tier is null then team_name end), min(team_name)
        ) as team,
        max(tier) as tier
    from memberships
    group by admin_id
),

admin_rows as (
    select
        admin_id as agent_id,
        min(admin_name) as agent_name
    from admins
    where admin_id is not null
    group by admin_id
),

people as (
    select
        agent_id,
        agent_name
    from admin_rows
    union all
    select
        bot_authors.agent_id,
        cast(null as {{ dbt.type_string() }}) as agent_name
    from bot_authors
    left join admin_rows
        on bot_authors.agent_id = admin_rows.agent_id
    where admin_rows.agent_id is null
),

final as (
    select
        people.agent_id,
        people.agent_name,
        admin_teams.team,
        admin_teams.tier,
        case
            when people.agent_id in ({{ connector_bot_ids_sql() }})
                or bot_authors.agent_id is not null
                then 'true'
            else 'false'
        end as is_bot,
        cast(null as {{ dbt.type_string() }}) as hired_at,
        cast(null as {{ dbt.type_string() }}) as terminated_at,
        cast(null as {{ dbt.type_string() }}) as hourly_cost,
        -- the raw layer's bookkeeping (a mapped row has no file line)
        {{ connector_raw_bookkeeping('people.agent_id') }}
    from people
    left join admin_teams
        on people.agent_id = admin_teams.admin_id
    left join bot_authors
        on people.agent_id = bot_authors.agent_id
)

select * from final
