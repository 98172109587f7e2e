{{ config(enabled=is_helpdesk_source('freshdesk')) }}
{#- The agents table of SPEC section 1 from Freshdesk's agents
    (docs/connectors/freshdesk.md): one row per agent row (the current
    version under history mode); read and judged by base_helpdesk__agents.
    The name is the agent's contact_name; team and tier come from the
    agent's group of the highest tier (freshdesk__agent_groups); is_bot
    for a user of var connector_bot_user_ids; hired_at is when the agent
    was created. Freshdesk holds no termination or cost: null. -#}
with agents as (
    select * from {{ ref('base_freshdesk__agent') }}
    where coalesce(is_active, true)
),

agent_groups as (
    select * from {{ ref('freshdesk__agent_groups') }}
    where group_number = 1
        and group_name is not null
),

final as (
    select
        agents.agent_id,
        agents.agent_name,
        agent_groups.group_name as team,
        agent_groups.tier,
        case when agents.agent_id in ({{ connector_bot_ids_sql() }}) then 'true' else 'false' end
            as is_bot,
        agents.created_at as hired_at,
        cast(null as {{ dbt.type_string() }}) as terminated_at,
        cast(null as {{ dbt.type_string() }}) as hourly_cost,
        -- the raw layer's bookkeeping (a mapped row has no file line)
        row_number() over (order by agents.agent_id) as _row_number,
        cast(null as {{ dbt.type_string() }}) as _read_error,
        cast(null as {{ dbt.type_string() }}) as _raw_line,
        cast(null as {{ dbt.type_timestamp() }}) as _loaded_at
    from agents
    left join agent_groups
        on agents.agent_id = agent_groups.agent_id
)

select * from final
