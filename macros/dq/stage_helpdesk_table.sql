{#- Builds a staging model for one raw helpdesk table: parses and normalises
    each column, then sets dq_reason to the first rule the row breaks (null
    when the row is valid). A raw line that could not be read as a row
    (_read_error, e.g. a CSV line with an extra field) breaks the first rule.
    Rows are never dropped here: the validated models add reference checks,
    dq_rejected_rows lists the others.

    table    raw table name (SPEC section 1)
    key      columns that identify a row (the id, or a natural key)
    columns  ordered dict: output column -> SQL over the raw text columns
    checks   list of [condition, reason]: the row is rejected when condition
             holds; conditions may use the parsed columns and raw_<column>
    source_filter  optional condition on the raw rows (incremental runs stage
             only the rows they must look at, see incremental_source_filter)
-#}
{% macro stage_helpdesk_table(table, key, columns, checks=[], source_filter=none) %}
{%- set raw_columns = [] -%}
{%- for column in helpdesk_raw_schema()[table].columns -%}
    {%- do raw_columns.append(column[0]) -%}
{%- endfor -%}
with source as (
    select * from {{ source('helpdesk', table) }}
    {%- if source_filter %}
    where {{ source_filter }}
    {%- endif %}
),

parsed as (
    select
        {%- for name, expr in columns.items() %}
        {{ expr }} as {{ name }},
        {%- endfor %}
        {%- for column in raw_columns %}
        source.{{ column }} as raw_{{ column }},
        {%- endfor %}
        source._row_number as source_row_number,
        source._read_error as source_read_error,
        source._raw_line as source_raw_line
    from source
),

repeated_keys as (
    -- keys held by more than one row: a hash aggregate over the key only,
    -- so the (rare) duplicates are the only rows a window has to sort
    select
        {%- for column in key %}
        {{ column }},
        {%- endfor %}
        count(*) as key_rows
    from parsed
    group by {{ key | join(', ') }}
    having count(*) > 1
),

repeated as (
    select
        parsed.source_row_number,
        {%- for column in key %}
        parsed.{{ column }},
        {%- endfor %}
        {{ dbt.hash(raw_values_sql(raw_columns, 'parsed.raw_')) }} as row_hash
    from parsed
    inner join repeated_keys
        on {% for column in key %}{% if not loop.first %} and {% endif %}parsed.{{ column }} = repeated_keys.{{ column }}{% endfor %}
),

duplicates as (
    -- all copies identical: the first is kept, the others are duplicates;
    -- copies that differ: every one of them is a conflicting duplicate
    select
        source_row_number,
        min(row_hash) over (partition by {{ key | join(', ') }})
        <> max(row_hash) over (partition by {{ key | join(', ') }})
            as is_conflicting_duplicate,
        row_number() over (
            partition by {{ key | join(', ') }}
            order by source_row_number
        ) as copy_number
    from repeated
),

flagged as (
    select
        parsed.*,
        coalesce(duplicates.is_conflicting_duplicate, false) as is_conflicting_duplicate,
        coalesce(duplicates.copy_number, 1) as copy_number
    from parsed
    left join duplicates
        on parsed.source_row_number = duplicates.source_row_number
),

final as (
    select
        {%- for name in columns %}
        {{ name }},
        {%- endfor %}
        source_row_number,
        -- a CSV line that could not be read as a row keeps its text
        coalesce(source_raw_line, {{ raw_values_sql(raw_columns, 'raw_') }}) as raw_values,
        case
            when source_read_error is not null then source_read_error
            {%- for column in key %}
            when {{ column }} is null
                then case
                    when nullif(trim(raw_{{ column }}), '') is null
                        then 'missing {{ column }}'
                    else 'unparseable {{ column }}: ' || raw_{{ column }}
                end
            {%- endfor %}
            when is_conflicting_duplicate then 'conflicting duplicate id'
            when copy_number > 1 then 'duplicate row'
            {%- for check in checks %}
            when {{ check[0] }} then {{ check[1] }}
            {%- endfor %}
        end as row_dq_reason
    from flagged
)

select * from final
{% endmacro %}

{#- key=value; key=value rendering of the raw text of a row from the
    staging CTE's raw_<column> copies (prefix 'raw_') or another relation's
    columns (prefix 'alias.raw_'). -#}
{% macro raw_values_sql(columns, prefix='raw_') -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append("'" ~ column ~ "=' || coalesce(" ~ prefix ~ column ~ ", '')") -%}
    {%- endfor -%}
    {{ parts | join(" || '; ' || ") }}
{%- endmacro %}


{#- Standard checks on a timestamp column: required and parseable. -#}
{% macro timestamp_checks(column, required=true) -%}
    {%- set checks = [] -%}
    {%- if required -%}
        {%- do checks.append([
            "nullif(trim(raw_" ~ column ~ "), '') is null",
            "'missing " ~ column ~ "'"]) -%}
    {%- endif -%}
    {%- do checks.append([
        is_unparseable('raw_' ~ column, column),
        "'unparseable timestamp in " ~ column ~ ": ' || raw_" ~ column]) -%}
    {{ return(checks) }}
{%- endmacro %}

{#- Unknown enum value (null allowed unless required). -#}
{% macro enum_check(column, enum_name, required=true) -%}
    {%- set condition -%}
        {% if required %}{{ column }} is null or {% endif %}{{ column }} not in {{ enum_sql(enum_name) }}
    {%- endset -%}
    {{ return([[condition, "'unknown " ~ column ~ " value: ' || coalesce(raw_" ~ column ~ ", '<null>')"]]) }}
{%- endmacro %}

{#- End before start. -#}
{% macro order_check(start_column, end_column) -%}
    {{ return([[end_column ~ " < " ~ start_column,
        "'" ~ end_column ~ " before " ~ start_column ~ "'"]]) }}
{%- endmacro %}

{#- Negative or unparseable number. -#}
{% macro number_checks(column, required=false) -%}
    {%- set checks = [] -%}
    {%- if required -%}
        {%- do checks.append(["nullif(trim(raw_" ~ column ~ "), '') is null", "'missing " ~ column ~ "'"]) -%}
    {%- endif -%}
    {%- do checks.append([is_unparseable('raw_' ~ column, column),
        "'not a number in " ~ column ~ ": ' || raw_" ~ column]) -%}
    {%- do checks.append([column ~ " < 0", "'negative " ~ column ~ ": ' || raw_" ~ column]) -%}
    {{ return(checks) }}
{%- endmacro %}
