{{ config(enabled=is_helpdesk_source('intercom')) }}
{#- One row per row of Intercom's team_admin: an admin's membership of a
    team. -#}
with source as (
    {{ connector_table('team_admin', ['admin_id', 'team_id', '_fivetran_deleted']) }}
),

final as (
    select
        {{ connector_id('admin_id') }} as admin_id,
        {{ connector_id('team_id') }} as team_id,
        coalesce({{ parse_boolean('_fivetran_deleted') }}, false) as is_deleted,
        -- the account (connector schema) the row was read from
        source_relation
    from source
)

select * from final
