{#- One row per row of Zendesk's user table (end users, agents, admins), as
    text. -#}
with source as (
    {{ connector_table('user', [
        'id', 'name', 'role', 'organization_id', 'created_at', 'time_zone', '_fivetran_deleted',
    ]) }}
),

final as (
    select
        -- ids
        {{ clean_text('id') }} as user_id,
        {{ clean_text('organization_id') }} as organization_id,
        -- attributes
        name as user_name,
        {{ clean_text('role', lower=true) }} as user_role,
        time_zone,
        -- timestamps, as text
        created_at
    from source
)

select * from final
