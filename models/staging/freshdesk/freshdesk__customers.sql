{{ config(enabled=is_helpdesk_source('freshdesk')) }}
{#- The customers table of SPEC section 1 from Freshdesk's contacts
    (docs/connectors/freshdesk.md): one row per contact row (the current
    version under history mode) that is not a bot user; the account is the
    contact's company. Freshdesk holds no segment, plan, churn or
    revenue (mrr): null. -#}
with contacts as (
    select * from {{ ref('base_freshdesk__contact') }}
    where coalesce(is_active, true)
),

final as (
    select
        contact_id as customer_id,
        company_id as account_id,
        cast(null as {{ dbt.type_string() }}) as segment,
        cast(null as {{ dbt.type_string() }}) as plan,
        created_at as signed_up_at,
        cast(null as {{ dbt.type_string() }}) as churned_at,
        -- no revenue in the connector: the optional mrr is null
        cast(null as {{ dbt.type_string() }}) as mrr,
        -- the raw layer's bookkeeping (a mapped row has no file line)
        row_number() over (order by contact_id) as _row_number,
        cast(null as {{ dbt.type_string() }}) as _read_error,
        cast(null as {{ dbt.type_string() }}) as _raw_line,
        cast(null as {{ dbt.type_timestamp() }}) as _loaded_at
    from contacts
    where coalesce(contact_id not in ({{ connector_bot_ids_sql() }}), true)
)

select * from final
