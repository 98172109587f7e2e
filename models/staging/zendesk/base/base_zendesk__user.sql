{{ config(enabled=is_helpdesk_source('zendesk')) }}
{#- One row per row of Zendesk's user table (end users, agents, admins), as
    text; several rows per user under Fivetran's history mode
    (_fivetran_active marks the current one: zendesk__users keeps it). -#}
with source as (
    {{ connector_table('user', [
        'id', 'name', 'role', 'organization_id', 'created_at', 'updated_at', 'time_zone',
        '_fivetran_active',
    ]) }}
),

final as (
    select
        -- ids
        {{ connector_id('id') }} as user_id,
        {{ connector_id('organization_id') }} as organization_id,
        -- attributes
        name as user_name,
        {{ clean_text('role', lower=true) }} as user_role,
        time_zone,
        {{ parse_boolean('_fivetran_active') }} as is_active,
        -- timestamps, as text
        created_at,
        updated_at,
        -- the account (connector schema) the row was read from
        source_relation
    from source
)

select * from final
