{{ config(enabled=is_helpdesk_source('freshdesk')) }}
{#- One row per row of Freshdesk's agent table, with the agent's contact
    fields (contact_name ...), as text; several rows per agent under
    Fivetran's history mode (_fivetran_active marks the current one). -#}
with source as (
    {{ connector_table('agent', [
        'id', 'contact_name', 'created_at', 'updated_at', 'occasional', '_fivetran_deleted',
        '_fivetran_active',
    ]) }}
),

final as (
    select
        -- ids
        {{ connector_id('id') }} as agent_id,
        -- attributes
        contact_name as agent_name,
        {{ parse_boolean('occasional') }} as is_occasional,
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
