{#- On-run-start check that the raw layer this run reads is the dataset of
    var raw_data_path.

    DuckDB: the raw files are registered in Python when dbt opens the
    warehouse (the dbt-duckdb plugin supportwh.raw.dbt_plugin in
    profiles/profiles.yml; the code is supportwh/raw/register.py). dbt hands
    a profile only the vars given on the command line, so a var set elsewhere
    (a consumer project's dbt_project.yml) could differ from what the plugin
    registered: the run stops then, naming both paths. A profile without the
    plugin stops with a message saying how to add it.
    Other engines: the raw schema is loaded beforehand by the project's
    loader (python -m supportwh.load_raw); nothing to check here. -#}
{% macro check_raw_registration() %}
    {{ return(adapter.dispatch('check_raw_registration', 'support_warehouse')()) }}
{% endmacro %}

{% macro default__check_raw_registration() %}
    select 1
{% endmacro %}

{% macro duckdb__check_raw_registration() %}
    {%- if not execute or connector_without_raw_files() -%}{{ return('select 1') }}{%- endif -%}
    {%- set schema = var('raw_schema') -%}
    {%- set found = run_query(
        "select count(*) from information_schema.tables where table_schema = '"
        ~ schema ~ "' and table_name = '_helpdesk_registration'").rows[0][0] -%}
    {%- if found == 0 -%}
        {{ exceptions.raise_compiler_error(
            "The raw layer is not registered in schema '" ~ schema ~ "': the duckdb "
            ~ "profile must list the plugin supportwh.raw.dbt_plugin (see "
            ~ "profiles/profiles.yml) with raw_data_path and raw_schema from the vars.") }}
    {%- endif -%}
    {%- set registered = run_query('select raw_data_path from ' ~ schema
        ~ '._helpdesk_registration').rows[0][0] -%}
    {%- set wanted = var('raw_data_path') | string -%}
    {%- if registered != wanted -%}
        {{ exceptions.raise_compiler_error(
            "Invalid configuration: var 'raw_data_path' is '" ~ wanted ~ "' but the raw "
            ~ "layer was registered from '" ~ registered ~ "': the profile reads "
            ~ "raw_data_path from the command line, so pass it with --vars.") }}
    {%- endif -%}
    select 1
{% endmacro %}
