{{ config(enabled=is_helpdesk_source('intercom')) }}
{#- The customers table of SPEC section 1 from Intercom's contacts
    (docs/connectors/intercom.md): one row per contact whose role the value
    map names a customer (user, lead), its latest version; the account is
    its company. Intercom's connector holds no segment, plan, churn or
    revenue (mrr): null. signed_up_at: when the user signed up, else when the contact was
    created. -#}
with contacts as (
    select * from {{ ref('intercom__contacts') }}
),

value_maps as (
    -- matched case-insensitively (the data's values are lower-cased)
    select * from {{ ref('connector__value_maps') }}
),

final as (
    select
        contacts.contact_id as customer_id,
        contacts.company_id as account_id,
        cast(null as {{ dbt.type_string() }}) as segment,
        cast(null as {{ dbt.type_string() }}) as plan,
        coalesce(contacts.signed_up_at, contacts.created_at) as signed_up_at,
        cast(null as {{ dbt.type_string() }}) as churned_at,
        -- no revenue in the connector: the optional mrr is null
        cast(null as {{ dbt.type_string() }}) as mrr,
        -- the raw layer's bookkeeping (a mapped row has no file line)
        {{ connector_raw_bookkeeping('contacts.contact_id') }}
    from contacts
    inner join value_maps as role_map
        on role_map.field = 'role'
            and contacts.contact_role = role_map.source_value
    where role_map.canonical_value = 'customer'
)

select * from final
