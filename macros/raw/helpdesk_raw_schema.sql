{#- The raw input contract of SPEC section 1, as the dbt macros read it.

    Declared once, as the project var helpdesk_raw_contract in
    dbt_project.yml (the Python raw layer reads the same declaration:
    supportwh/raw/contract.py). Returns, in the declared order,
    table -> {required, id, loaded_at, key, columns: [[name, is_required]]}:
    whether the file must exist, its id column (none: the row number
    identifies a row), its event-time column (loaded_at: how current the
    table is, for source freshness; none for reference tables), the key
    duplicates are judged by, and its columns in order with whether a file
    must carry them (their types are for the Python tools). -#}
{% macro helpdesk_raw_schema() %}
    {%- set tables = {} -%}
    {%- for table, declared in var('helpdesk_raw_contract').items() -%}
        {%- set columns = [] -%}
        {%- for name, column in declared.columns.items() -%}
            {%- do columns.append([name, column.required]) -%}
        {%- endfor -%}
        {%- do tables.update({table: {
            'required': declared.required,
            'id': declared.id_column,
            'loaded_at': declared.loaded_at,
            'key': declared.key,
            'columns': columns}}) -%}
    {%- endfor -%}
    {{ return(tables) }}
{% endmacro %}
