{{ config(enabled=is_helpdesk_source('intercom')) }}
{#- One row per row of Intercom's admin table (teammates), as text. -#}
with source as (
    {{ connector_table('admin', ['id', 'name', 'job_title', '_fivetran_deleted']) }}
),

final as (
    select
        {{ connector_id('id') }} as admin_id,
        name as admin_name,
        job_title,
        coalesce({{ parse_boolean('_fivetran_deleted') }}, false) as is_deleted,
        -- the account (connector schema) the row was read from
        source_relation
    from source
)

select * from final
