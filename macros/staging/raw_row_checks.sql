{#- Row rules a base staging model lists for its table: each returns a list of
    [condition, reason] pairs for judge_raw_rows (conditions over the parsed
    columns and the raw text raw_<column>; the reason quotes the raw value). -#}

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
