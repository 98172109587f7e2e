{#- One row per raw row kept out of the facts: its raw table, its id (or row
    number when the table has no id), the reason and its raw values. -#}
{%- set tables = helpdesk_raw_schema() -%}
with
{%- for table, spec in tables.items() %}
    {{ table }}_rejected as (
        select
            '{{ table }}' as source_table,
            {% if spec.id is not none -%}
                coalesce(
                    {{ spec.id }}, 'row ' || cast(source_row_number as {{ dbt.type_string() }})
                )
            {%- else -%}
                cast(source_row_number as {{ dbt.type_string() }})
            {%- endif %} as source_row_id,
            source_row_number,
            dq_reason as reason,
            raw_values
        from {{ ref('base_helpdesk__' ~ table) }}
        where dq_reason is not null
    ),
{%- endfor %}

final as (
    {%- for table in tables %}
        select * from {{ table }}_rejected
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
)

select * from final
