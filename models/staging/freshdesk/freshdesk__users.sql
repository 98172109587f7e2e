{{ config(enabled=is_helpdesk_source('freshdesk')) }}
{#- One row per Freshdesk user id that writes conversations: agents (role
    agent) and contacts (role contact), the current version under history
    mode; an id in both tables is an agent. The role is mapped by
    seeds/connectors/connector_value_maps.csv (field role). -#}
with agents as (
    select * from {{ ref('base_freshdesk__agent') }}
    where coalesce(is_active, true)
),

contacts as (
    select * from {{ ref('base_freshdesk__contact') }}
    where coalesce(is_active, true)
),

users as (
    select
        agent_id as user_id,
        'agent' as user_role,
        1 as role_rank
    from agents
    where agent_id is not null
    union all
    select
        contact_id as user_id,
        'contact' as user_role,
        2 as role_rank
    from contacts
    where contact_id is not null
),

ranked as (
    select
        user_id,
        user_role,
        row_number() over (partition by user_id order by role_rank) as role_number
    from users
),

final as (
    select
        user_id,
        user_role
    from ranked
    where role_number = 1
)

select * from final
