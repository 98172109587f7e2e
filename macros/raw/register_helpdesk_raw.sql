{#- Makes the raw dataset of var raw_data_path queryable as relations in the raw
    schema, so the helpdesk source reads from one place on every engine.

    DuckDB: one view per table over <table>.parquet or <table>.csv, every column
    as text (staging parses and validates), a missing optional column as null,
    a missing optional table as an empty view, plus the inventory table
    _helpdesk_tables. Besides the columns of SPEC section 1 every view has
    _row_number (1-based position of the row in the file), _read_error (why a
    CSV line could not be read as a row, else null), _raw_line (the text of
    such a line) and _loaded_at (the row's event time in UTC, the table's
    loaded_at column of helpdesk_raw_schema, for dbt source freshness; null
    when absent or unparseable). Other engines: the raw schema is loaded
    beforehand by the project's loader (with the same four columns), so there
    is nothing to do here. -#}
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
        {%- do run_query('drop table if exists ' ~ schema ~ '._csv_lines_' ~ table) -%}
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
            {%- set body = raw_file_select(table, spec, found, schema) -%}
            {%- do inventory.append([table, true, found.path, found.format]) -%}
        {%- endif -%}
        {%- set loaded_at = parse_timestamp_utc(spec.loaded_at) if spec.loaded_at else 'null' -%}
        {%- do run_query('create or replace view ' ~ schema ~ '.' ~ table
            ~ ' as select *, cast(' ~ loaded_at ~ ' as timestamp) as _loaded_at from ('
            ~ body ~ ') as raw_rows') -%}
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

{#- The bookkeeping columns every raw view carries after the SPEC columns. -#}
{% macro raw_row_columns(row_number='cast(null as bigint)', read_error='null', raw_line='null') %}
    {{- return(', cast(' ~ row_number ~ ' as bigint) as _row_number'
        ~ ', cast(' ~ read_error ~ ' as varchar) as _read_error'
        ~ ', cast(' ~ raw_line ~ ' as varchar) as _raw_line') -}}
{% endmacro %}

{% macro empty_raw_select(spec) %}
    {%- set cols = [] -%}
    {%- for column in spec.columns -%}
        {%- do cols.append('cast(null as varchar) as ' ~ column[0]) -%}
    {%- endfor -%}
    {{ return('select ' ~ cols | join(', ') ~ raw_row_columns() ~ ' where 1 = 0') }}
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

{#- The select list of the SPEC columns from the columns present in a file
    (present: lower-cased name -> [name in the reader, type]); stops the run
    when a required column is missing. -#}
{% macro raw_spec_columns(table, spec, found, present) %}
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
    {{ return(cols | join(', ')) }}
{% endmacro %}

{% macro raw_file_select(table, spec, found, schema) %}
    {%- if found.size == 0 -%}
        {{ log("Raw table '" ~ table ~ "': " ~ found.path ~ " is empty; read as zero rows.", info=true) }}
        {{ return(empty_raw_select(spec)) }}
    {%- endif -%}
    {%- if found.format == 'csv' -%}
        {{ return(csv_file_select(table, spec, found, schema)) }}
    {%- endif -%}
    {%- set reader = "read_parquet('" ~ found.path ~ "', file_row_number = true)" -%}
    {%- set described = run_query('describe select * from ' ~ reader) -%}
    {%- set present = {} -%}
    {%- for row in described.rows -%}
        {%- if row[0] != 'file_row_number' -%}
            {%- do present.update({(row[0] | string | trim | lower): [row[0], row[1]]}) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return('select ' ~ raw_spec_columns(table, spec, found, present)
        ~ raw_row_columns('file_row_number + 1') ~ ' from ' ~ reader) }}
{% endmacro %}

{#- CSV (SPEC section 1 fixes the dialect: header row, comma, double quotes).

    The header is read as a plain line, so a UTF-8 byte order mark, quotes
    around names or a ragged data line cannot spoil the column names. Then a
    strict read of the file records the lines DuckDB's CSV reader rejects
    (wrong number of fields, unterminated quote, invalid UTF-8), and the file's
    non-blank lines are counted.
    - Nothing rejected and one row per line: the view reads the file with
      DuckDB's CSV reader (the fast path; row number = position in the file).
    - Otherwise the file is read line by line into raw._csv_lines_<table>:
      each physical line is split on its own (RFC 4180 quoting, values may not
      span lines), so one bad line never swallows the next ones; a line that
      does not split into the header's number of fields becomes a row with
      null values, _read_error ('malformed csv line 12: expected 8 fields,
      found 9') and its text in _raw_line. Staging rejects it with that
      reason, so rows read = rows accepted + rows rejected still holds. -#}
{% macro csv_file_select(table, spec, found, schema) %}
    {%- set names = csv_header_names(found.path) -%}
    {%- if names | length == 0 -%}
        {{ log("Raw table '" ~ table ~ "': " ~ found.path ~ " has no header line; read as zero rows.", info=true) }}
        {{ return(empty_raw_select(spec)) }}
    {%- endif -%}
    {%- set present = {} -%}
    {%- for name in names -%}
        {%- if name not in present -%}
            {%- do present.update({name: ['c' ~ loop.index, 'VARCHAR']}) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set select_list = raw_spec_columns(table, spec, found, present) -%}
    {%- if csv_reads_cleanly(found.path, names | length) -%}
        {{ return('select ' ~ select_list ~ raw_row_columns('row_number() over ()')
            ~ ' from ' ~ csv_reader(found.path, names | length)) }}
    {%- endif -%}
    {{ log("Raw table '" ~ table ~ "': " ~ found.path ~ " has lines the CSV reader cannot"
        ~ " read as rows; reading it line by line (malformed lines are listed in"
        ~ " dq_rejected_rows).", info=true) }}
    {%- set lines_table = schema ~ '._csv_lines_' ~ table -%}
    {%- do csv_lines_table(found.path, names | length, lines_table) -%}
    {{ return('select ' ~ select_list
        ~ raw_row_columns('_row_number', '_read_error', '_raw_line')
        ~ ' from ' ~ lines_table) }}
{% endmacro %}

{#- DuckDB's CSV reader in the SPEC dialect, columns c1..cN as text. -#}
{% macro csv_reader(path, column_count, options='') %}
    {%- set columns = [] -%}
    {%- for i in range(1, column_count + 1) -%}
        {%- do columns.append("'c" ~ i ~ "': 'VARCHAR'") -%}
    {%- endfor -%}
    {{ return("read_csv('" ~ path ~ "', header = true, auto_detect = false, delim = ',', "
        ~ "quote = '\"', escape = '\"', columns = {" ~ columns | join(', ') ~ "}"
        ~ options ~ ")") }}
{% endmacro %}

{#- The file as physical lines, one text column line_text (no quote handling;
    a blank line reads as null; the delimiter is a control sequence no text
    holds, and a line that holds it anyway is rejected, never cut). -#}
{% macro csv_line_reader(path, options=", ignore_errors = true") %}
    {{ return("read_csv('" ~ path ~ "', header = false, auto_detect = false, "
        ~ "columns = {'line_text': 'VARCHAR'}, delim = E'\\x1f\\x1e\\x1d\\x1c', "
        ~ "quote = '', escape = ''" ~ options ~ ")") }}
{% endmacro %}

{#- Lower-cased column names of the first non-blank line. -#}
{% macro csv_header_names(path) %}
    {%- set result = run_query(
        "with header as (select line_text from " ~ csv_line_reader(path)
        ~ " where nullif(trim(line_text), '') is not null limit 1) "
        ~ "select lower(trim(unnest(string_split(line_text, ',')), "
        ~ "' \"' || chr(9) || chr(13) || chr(65279))) from header") -%}
    {%- set names = [] -%}
    {%- for row in result.rows -%}
        {%- do names.append(row[0] | string) -%}
    {%- endfor -%}
    {{ return(names) }}
{% endmacro %}

{#- True when DuckDB's strict CSV reader rejects no line and reads one row per
    non-blank line after the header (no value spans lines). -#}
{% macro csv_reads_cleanly(path, column_count) %}
    {%- set rejects = ", store_rejects = true, rejects_table = '_helpdesk_csv_errors', "
        ~ "rejects_scan = '_helpdesk_csv_scans'" -%}
    {%- set rows_read = run_query('select count(*) from '
        ~ csv_reader(path, column_count, rejects)).rows[0][0] -%}
    {%- set rejected = run_query(
        'select count(*) from temp.main._helpdesk_csv_errors').rows[0][0] -%}
    {%- do run_query('drop table if exists temp.main._helpdesk_csv_errors') -%}
    {%- do run_query('drop table if exists temp.main._helpdesk_csv_scans') -%}
    {%- set lines = run_query('select count(line_text) from '
        ~ csv_line_reader(path)).rows[0][0] -%}
    {{ return(rejected == 0 and rows_read == lines - 1) }}
{% endmacro %}

{#- Splits a CSV file line by line into a table: c1..cN, _row_number
    (position among the non-blank lines after the header), _read_error,
    _raw_line. Physical line numbers come from the line reader's order; lines
    it rejects (invalid UTF-8, a line holding its delimiter) are put back at
    the line number DuckDB reports. -#}
{% macro csv_lines_table(path, column_count, lines_table) %}
    {%- set field = '("(?:[^"]|"")*"|[^,"][^,]*|)' -%}
    {%- set fields = [] -%}
    {%- set names = [] -%}
    {%- set values = [] -%}
    {%- for i in range(1, column_count + 1) -%}
        {%- do fields.append(field) -%}
        {%- do names.append("'c" ~ i ~ "'") -%}
        {%- do values.append("case when _read_error is null then nullif(case when fields.c" ~ i
            ~ " like '\"%' then replace(fields.c" ~ i ~ "[2:-2], '\"\"', '\"') else fields.c" ~ i
            ~ " end, '') end as c" ~ i) -%}
    {%- endfor -%}
    {%- set line_pattern = '^' ~ fields | join(',') ~ '$' -%}
    {%- set any_pattern = '^' ~ field ~ '(,' ~ field ~ ')*$' -%}
    {%- set rejects = ", store_rejects = true, rejects_table = '_helpdesk_csv_line_errors', "
        ~ "rejects_scan = '_helpdesk_csv_line_scans'" -%}
    {%- do run_query('create or replace temp table _helpdesk_csv_lines as select '
        ~ 'row_number() over () as ordinal, line_text from '
        ~ csv_line_reader(path, rejects)) -%}
    {%- set sql -%}
        create or replace table {{ lines_table }} as
        with rejected as (
            select
                line as line_number,
                row_number() over (order by line) as reject_index,
                trim(csv_line, chr(10) || chr(13)) as line_text,
                error_type = 'INVALID ENCODING' as is_invalid_utf8
            from temp.main._helpdesk_csv_line_errors
        ),

        read_lines as (
            select
                lines.ordinal + (
                    select count(*) from rejected
                    where rejected.line_number - rejected.reject_index < lines.ordinal
                ) as line_number,
                rtrim(lines.line_text, chr(13)) as line_text,
                false as is_invalid_utf8
            from temp.main._helpdesk_csv_lines as lines
        ),

        all_lines as (
            select line_number, line_text, is_invalid_utf8 from read_lines
            union all
            select line_number, line_text, is_invalid_utf8 from rejected
        ),

        data_lines as (
            select
                *,
                row_number() over (order by line_number) as _row_number
            from all_lines
            where nullif(trim(line_text), '') is not null
                and line_number > (
                    select min(line_number) from all_lines
                    where nullif(trim(line_text), '') is not null
                )
        ),

        checked as (
            select
                *,
                case
                    when is_invalid_utf8 then 'not valid UTF-8'
                    when regexp_full_match(line_text, '{{ line_pattern }}') then null
                    when regexp_full_match(line_text, '{{ any_pattern }}')
                        then 'expected {{ column_count }} fields, found '
                            || len(regexp_extract_all(line_text, '(?:^|,){{ field }}', 1))
                    when (length(line_text) - length(replace(line_text, '"', ''))) % 2 = 1
                        then 'unbalanced quotes'
                    else 'misplaced quote'
                end as line_error
            from data_lines
        ),

        split as (
            select
                _row_number,
                case when line_error is not null
                    then 'malformed csv line ' || line_number || ': ' || line_error
                end as _read_error,
                case when line_error is not null then line_text end as _raw_line,
                regexp_extract(
                    case when line_error is null then line_text end,
                    '{{ line_pattern }}', [{{ names | join(', ') }}]
                ) as fields
            from checked
        )

        select {{ values | join(', ') }}, _row_number, _read_error, _raw_line
        from split
        order by _row_number
    {%- endset -%}
    {%- do run_query(sql) -%}
    {%- do run_query('drop table if exists temp.main._helpdesk_csv_lines') -%}
    {%- do run_query('drop table if exists temp.main._helpdesk_csv_line_errors') -%}
    {%- do run_query('drop table if exists temp.main._helpdesk_csv_line_scans') -%}
{% endmacro %}
