{#- One row per raw table of SPEC section 1: whether its file was present in
    this run (an absent optional table makes its metrics null). -#}
with source as (
    select * from {{ source('helpdesk', '_helpdesk_tables') }}
),

final as (
    select
        cast(table_name as {{ dbt.type_string() }}) as table_name,
        cast(is_present as {{ dbt.type_boolean() }}) as is_present,
        cast(file_path as {{ dbt.type_string() }}) as file_path,
        cast(file_format as {{ dbt.type_string() }}) as file_format
    from source
)

select * from final
