{{ config(enabled=is_helpdesk_source('zendesk')) }}
{#- The customers table of SPEC section 1 from Zendesk's users
    (docs/connectors.md): one row per end user (not a bot); the account is
    the user's organization. Zendesk holds no segment, plan, churn or
    revenue (mrr): null. -#}
with users as (
    select * from {{ ref('zendesk__users') }}
),

value_maps as (
    -- matched case-insensitively (the data's values are lower-cased)
    select * from {{ ref('connector__value_maps') }}
),

final as (
    select
        users.user_id as customer_id,
        users.organization_id as account_id,
        cast(null as {{ dbt.type_string() }}) as segment,
        cast(null as {{ dbt.type_string() }}) as plan,
        users.created_at as signed_up_at,
        cast(null as {{ dbt.type_string() }}) as churned_at,
        -- no revenue in the connector: the optional mrr is null
        cast(null as {{ dbt.type_string() }}) as mrr,
        -- the raw layer's bookkeeping (a mapped row has no file line)
        {{ connector_raw_bookkeeping('users.user_id') }}
    from users
    inner join value_maps as role_map
        on role_map.field = 'role'
            and users.user_role = role_map.source_value
    where role_map.canonical_value = 'customer'
        and coalesce(users.user_id not in ({{ connector_bot_ids_sql() }}), true)
)

select * from final
