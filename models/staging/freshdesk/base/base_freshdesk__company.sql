{{ config(enabled=is_helpdesk_source('freshdesk')) }}
{#- One row per row of Freshdesk's company table (only counted: a
    contact's company id is its account). -#}
with source as (
    {{ connector_table('company', ['id', 'name', '_fivetran_deleted']) }}
),

final as (
    select
        {{ connector_id('id') }} as company_id,
        name as company_name,
        coalesce({{ parse_boolean('_fivetran_deleted') }}, false) as is_deleted,
        -- the account (connector schema) the row was read from
        source_relation
    from source
)

select * from final
