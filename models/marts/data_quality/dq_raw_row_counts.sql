{#- One row per raw table: whether its file was present, rows read, accepted
    and rejected. rows_read = rows_accepted + rows_rejected always holds
    (tested). rows_read counts the raw relations themselves: a source read
    outside staging, on purpose (dbt-project-evaluator flags it), so that a
    row lost by staging would show here. -#}
{%- set tables = helpdesk_raw_schema() -%}
with raw_tables as (
    select * from {{ ref('stg_helpdesk__raw_tables') }}
),

counts as (
    {%- for table in tables %}
        select
            '{{ table }}' as source_table,
            (select count(*) from {{ helpdesk_raw_relation(table) }}) as rows_read,
            count(case when dq_reason is null then 1 end) as rows_accepted,
            count(case when dq_reason is not null then 1 end) as rows_rejected
        from {{ ref('base_helpdesk__' ~ table) }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

final as (
    select
        counts.source_table,
        raw_tables.is_present,
        raw_tables.file_path,
        counts.rows_read,
        coalesce(counts.rows_accepted, 0) as rows_accepted,
        coalesce(counts.rows_rejected, 0) as rows_rejected
    from counts
    left join raw_tables
        on counts.source_table = raw_tables.table_name
)

select * from final
