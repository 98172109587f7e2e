{#- One row per row of Zendesk's group table, as text. -#}
with source as (
    {{ connector_table('group', ['id', 'name']) }}
),

final as (
    select
        {{ clean_text('id') }} as group_id,
        {{ clean_text('name') }} as group_name
    from source
)

select * from final
