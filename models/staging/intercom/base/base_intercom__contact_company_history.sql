{{ config(enabled=is_helpdesk_source('intercom')) }}
{#- One row per row of Intercom's contact_company_history: a company of a
    contact in one version of the contact, as text. -#}
with source as (
    {{ connector_table('contact_company_history', [
        'contact_id', 'company_id', 'contact_updated_at', '_fivetran_active',
    ]) }}
),

final as (
    select
        {{ connector_id('contact_id') }} as contact_id,
        {{ connector_id('company_id') }} as company_id,
        {{ parse_boolean('_fivetran_active') }} as is_active,
        contact_updated_at,
        -- the account (connector schema) the row was read from
        source_relation
    from source
)

select * from final
