{{ config(enabled=is_helpdesk_source('freshdesk')) }}
{#- One row per row of Freshdesk's contact table (customers), as text;
    several rows per contact under Fivetran's history mode
    (_fivetran_active marks the current one). -#}
with source as (
    {{ connector_table('contact', [
        'id', 'name', 'company_id', 'created_at', 'updated_at', '_fivetran_deleted',
        '_fivetran_active',
    ]) }}
),

final as (
    select
        -- ids
        {{ connector_id('id') }} as contact_id,
        {{ connector_id('company_id') }} as company_id,
        -- attributes
        name as contact_name,
        coalesce({{ parse_boolean('_fivetran_deleted') }}, false) as is_deleted,
        {{ parse_boolean('_fivetran_active') }} as is_active,
        -- timestamps, as text
        created_at,
        updated_at,
        -- the account (connector schema) the row was read from
        source_relation
    from source
)

select * from final
