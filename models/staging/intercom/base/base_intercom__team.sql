{{ config(enabled=is_helpdesk_source('intercom')) }}
{#- One row per row of Intercom's team table, as text. -#}
with source as (
    {{ connector_table('team', ['id', 'name', '_fivetran_deleted']) }}
),

final as (
    select
        {{ connector_id('id') }} as team_id,
        {{ clean_text('name') }} as team_name,
        coalesce({{ parse_boolean('_fivetran_deleted') }}, false) as is_deleted,
        -- the account (connector schema) the row was read from
        source_relation
    from source
)

select * from final
