{#- One row per raw table of SPEC section 1: whether its file was present in
    this run (an absent optional table makes its metrics null). With a
    connector source and no raw files (raw_data_path none) nothing was
    registered: the tables the connector provides are present, the others
    absent. -#}
with source as (
    {%- if connector_without_raw_files() %}
    {%- set provided = connector_provided_tables(var('helpdesk_source')) %}
    {%- for table in helpdesk_raw_schema() %}
    select
        '{{ table }}' as table_name,
        {{ 'true' if table in provided else 'false' }} as is_present,
        cast(null as {{ dbt.type_string() }}) as file_path,
        {% if table in provided %}'{{ var('helpdesk_source') }}'{% else %}cast(null as {{ dbt.type_string() }}){% endif %} as file_format
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
    {%- else %}
        select * from {{ source('helpdesk', '_helpdesk_tables') }}
    {%- endif %}
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
