{{ config(enabled=is_helpdesk_source('zendesk')) }}
{#- One row per row of Zendesk's group table, as text. -#}
with source as (
    {{ connector_table('group', ['id', 'name', '_fivetran_deleted']) }}
),

final as (
    select
        {{ connector_id('id') }} as group_id,
        {{ clean_text('name') }} as group_name,
        coalesce({{ parse_boolean('_fivetran_deleted') }}, false) as is_deleted,
        -- the account (connector schema) the row was read from
        source_relation
    from source
)

select * from final
