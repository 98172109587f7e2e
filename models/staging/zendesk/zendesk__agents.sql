{{ config(enabled=is_helpdesk_source('zendesk')) }}
{#- The agents table of SPEC section 1 from Zendesk's users
    (docs/connectors.md): one row per agent or admin, and per bot user (var
    connector_bot_user_ids); read and judged by base_helpdesk__agents. Zendesk
    holds no team, tier, hire date or cost: team and tier are null,
    hired_at is when the user was created. -#}
with users as (
    select * from {{ ref('zendesk__users') }}
),

value_maps as (
    -- matched case-insensitively (the data's values are lower-cased)
    select * from {{ ref('connector__value_maps') }}
),

final as (
    select
        users.user_id as agent_id,
        users.user_name as agent_name,
        cast(null as {{ dbt.type_string() }}) as team,
        cast(null as {{ dbt.type_string() }}) as tier,
        case when users.user_id in ({{ connector_bot_ids_sql() }}) then 'true' else 'false' end
            as is_bot,
        users.created_at as hired_at,
        cast(null as {{ dbt.type_string() }}) as terminated_at,
        cast(null as {{ dbt.type_string() }}) as hourly_cost,
        -- the raw layer's bookkeeping (a mapped row has no file line)
        {{ connector_raw_bookkeeping('users.user_id') }}
    from users
    left join value_maps as role_map
        on role_map.field = 'role'
            and users.user_role = role_map.source_value
    where role_map.canonical_value = 'agent'
        or users.user_id in ({{ connector_bot_ids_sql() }})
)

select * from final
