{#- Makes the raw dataset of var raw_data_path queryable as relations in the raw
    schema, so the helpdesk source reads from one place on every engine.

    DuckDB: one view per table over <table>.parquet or <table>.csv, every column
    as text (staging parses and validates), a missing optional column as null,
    a missing optional table as an empty view, plus the inventory table
    _helpdesk_tables. Other engines: the raw schema is loaded beforehand by the
    project's loader, so there is nothing to do here. -#}
{% macro register_helpdesk_raw() %}
    {{ return(adapter.dispatch('register_helpdesk_raw', 'support_warehouse')()) }}
{% endmacro %}

{% macro default__register_helpdesk_raw() %}
    select 1
{% endmacro %}

{% macro duckdb__register_helpdesk_raw() %}
    {%- if not execute -%}{{ return('select 1') }}{%- endif -%}
    {%- set base = raw_data_dir() -%}
    {%- set schema = var('raw_schema') -%}
    {%- do run_query('create schema if not exists ' ~ schema) -%}
    {%- set inventory = [] -%}
    {%- for table, spec in helpdesk_raw_schema().items() -%}
        {%- set found = find_raw_file(base, table) -%}
        {%- if found is none -%}
            {%- if spec.required -%}
                {{ exceptions.raise_compiler_error(
                    "Raw table '" ~ table ~ "' is required but neither " ~ table
                    ~ ".parquet nor " ~ table ~ ".csv exists in raw_data_path '"
                    ~ base ~ "'.") }}
            {%- endif -%}
            {%- set body = empty_raw_select(spec) -%}
            {%- do inventory.append([table, false, none, none]) -%}
        {%- else -%}
            {%- set body = raw_file_select(table, spec, found) -%}
            {%- do inventory.append([table, true, found.path, found.format]) -%}
        {%- endif -%}
        {%- do run_query('create or replace view ' ~ schema ~ '.' ~ table
            ~ ' as ' ~ body) -%}
    {%- endfor -%}
    {%- set rows = [] -%}
    {%- for item in inventory -%}
        {%- do rows.append("('" ~ item[0] ~ "', " ~ item[1] ~ ", "
            ~ ("null" if item[2] is none else "'" ~ item[2] ~ "'") ~ ", "
            ~ ("null" if item[3] is none else "'" ~ item[3] ~ "'") ~ ")") -%}
    {%- endfor -%}
    {%- do run_query('create or replace table ' ~ schema ~ '._helpdesk_tables as '
        ~ 'select * from (values ' ~ rows | join(', ')
        ~ ') as inventory (table_name, is_present, file_path, file_format)') -%}
    select 1
{% endmacro %}

{#- var raw_data_path as an absolute path, so views keep working from any cwd. -#}
{% macro raw_data_dir() %}
    {%- set path = var('raw_data_path') | string -%}
    {%- set path = path.rstrip('/') -%}
    {%- if not path.startswith('/') and env_var('PWD', '') != '' -%}
        {%- set path = env_var('PWD') ~ '/' ~ path -%}
    {%- endif -%}
    {{ return(path) }}
{% endmacro %}

{#- The file of one raw table: parquet preferred over csv. Returns a dict with
    path, format and byte size, or none. -#}
{% macro find_raw_file(base, table) %}
    {%- set listing = run_query(
        "select count(*) from glob('" ~ base ~ "/" ~ table ~ ".parquet') "
        ~ "union all select count(*) from glob('" ~ base ~ "/" ~ table ~ ".csv')") -%}
    {%- set has_parquet = listing.rows[0][0] > 0 -%}
    {%- set has_csv = listing.rows[1][0] > 0 -%}
    {%- if not has_parquet and not has_csv -%}{{ return(none) }}{%- endif -%}
    {%- set fmt = 'parquet' if has_parquet else 'csv' -%}
    {%- set path = base ~ '/' ~ table ~ '.' ~ fmt -%}
    {%- set size = run_query("select size from read_blob('" ~ path ~ "')").rows[0][0] -%}
    {{ return({'path': path, 'format': fmt, 'size': size}) }}
{% endmacro %}

{% macro empty_raw_select(spec) %}
    {%- set cols = [] -%}
    {%- for column in spec.columns -%}
        {%- do cols.append('cast(null as varchar) as ' ~ column[0]) -%}
    {%- endfor -%}
    {{ return('select ' ~ cols | join(', ')
        ~ ', cast(null as bigint) as _row_number where 1 = 0') }}
{% endmacro %}

{#- Text rendering of a typed parquet/csv column: timestamps as ISO-8601 UTC so
    the session time zone never leaks into the values. -#}
{% macro raw_column_as_text(name, data_type) %}
    {%- set t = data_type | upper -%}
    {%- set quoted = '"' ~ name ~ '"' -%}
    {%- if t.startswith('TIMESTAMP WITH TIME ZONE') or t == 'TIMESTAMPTZ' -%}
        {{ return("strftime(timezone('UTC', " ~ quoted ~ "), '%Y-%m-%dT%H:%M:%S.%fZ')") }}
    {%- elif t.startswith('TIMESTAMP') -%}
        {{ return("strftime(" ~ quoted ~ ", '%Y-%m-%dT%H:%M:%S.%f')") }}
    {%- else -%}
        {{ return('cast(' ~ quoted ~ ' as varchar)') }}
    {%- endif -%}
{% endmacro %}

{% macro raw_file_select(table, spec, found) %}
    {%- if found.size == 0 -%}
        {{ log("Raw table '" ~ table ~ "': " ~ found.path ~ " is empty; read as zero rows.", info=true) }}
        {{ return(empty_raw_select(spec)) }}
    {%- endif -%}
    {%- if found.format == 'parquet' -%}
        {%- set reader = "read_parquet('" ~ found.path ~ "', file_row_number = true)" -%}
        {%- set row_number = 'file_row_number + 1' -%}
    {%- else -%}
        {#- SPEC section 1 fixes the dialect: header, comma, double quotes; a
            pinned dialect keeps one ragged line from fooling the sniffer -#}
        {%- set reader = "read_csv('" ~ found.path ~ "', header = true, all_varchar = true, "
            ~ "delim = ',', quote = '\"', escape = '\"', auto_detect = true, sample_size = -1)" -%}
        {%- set row_number = 'row_number() over ()' -%}
    {%- endif -%}
    {%- set described = run_query('describe select * from ' ~ reader) -%}
    {%- set present = {} -%}
    {%- for row in described.rows -%}
        {%- do present.update({(row[0] | string | trim | lower): [row[0], row[1]]}) -%}
    {%- endfor -%}
    {%- set cols = [] -%}
    {%- for column in spec.columns -%}
        {%- set name = column[0] -%}
        {%- if name in present -%}
            {%- do cols.append(raw_column_as_text(present[name][0], present[name][1])
                ~ ' as ' ~ name) -%}
        {%- elif column[1] -%}
            {{ exceptions.raise_compiler_error(
                "Raw table '" ~ table ~ "' (" ~ found.path ~ ") lacks required column '"
                ~ name ~ "'.") }}
        {%- else -%}
            {%- do cols.append('cast(null as varchar) as ' ~ name) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return('select ' ~ cols | join(', ') ~ ', cast(' ~ row_number
        ~ ' as bigint) as _row_number from ' ~ reader) }}
{% endmacro %}
