{{ config(enabled=is_helpdesk_source('freshdesk')) }}
{#- One row per row of Freshdesk's agent_group, ranked: an agent's team is
    the group of the highest tier it belongs to
    (seeds/connectors/connector_group_tiers.csv; ties and groups without a
    tier: by name), and its tier that group's. group_number 1 is the
    group kept. -#}
with agent_groups as (
    select * from {{ ref('base_freshdesk__agent_group') }}
),

named_groups as (
    select * from {{ ref('base_freshdesk__group') }}
    where not is_deleted
),

group_tiers as (
    -- matched case-insensitively
    select * from {{ ref('connector__group_tiers') }}
),

final as (
    select
        agent_groups.agent_id,
        agent_groups.group_id,
        named_groups.group_name,
        group_tiers.tier,
        row_number() over (
            partition by agent_groups.agent_id
            order by
                case when named_groups.group_id is null then 1 else 0 end,
                -- the highest tier first, no tier last
                case group_tiers.tier when 'L3' then 1 when 'L2' then 2 when 'L1' then 3 else 4 end,
                named_groups.group_name,
                agent_groups.group_id
        ) as group_number
    from agent_groups
    left join named_groups
        on agent_groups.group_id = named_groups.group_id
    left join group_tiers
        on lower(named_groups.group_name) = group_tiers.group_name
)

select * from final
