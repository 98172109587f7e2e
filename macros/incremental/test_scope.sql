{#- Data tests after an incremental run check the rows that run wrote.

    The generic tests of an incremental model (not_null, accepted_values,
    not_negative, relationships ... and unique, unique_combination) read it
    through get_where_subquery, which dbt calls for every generic test. When
    the model's last build rewrote only part of it, this override narrows what
    the test reads:
    - row tests see the rows the last build wrote;
    - key tests (unique, unique_combination) see every row, old or new, whose
      key is also the key of a row the last build wrote: a new row that
      repeats the key of an old one still fails.
    Rows the last build did not touch were tested when they were written.
    Which rows a build wrote, by incremental strategy:
    - ticket_scope (ticket models, facts, the KPI ledger): the rows of the
      tickets in int_ticket_scope, and rows without a ticket;
    - raw_key_groups (the base staging tables): dbt_loaded_at = the latest;
    - kpi_periods (mart_ticket_kpis; its per-grain tables are tested
      whole): dbt_updated_at = the latest.
    A model built whole (a first build, --full-refresh, every ticket in
    scope, a single load stamp) is tested whole, as are tables, views, seeds
    and singular tests. var data_test_scope: 'changed' (the default) or 'all'
    (every row, as after a full build). -#}
{% macro default__get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- set changed = changed_rows_condition(relation) -%}
    {%- if changed is none -%}
        {%- if where -%}
            {{ return('(select * from ' ~ relation ~ ' where ' ~ where ~ ') dbt_subquery') }}
        {%- endif -%}
        {{ return(relation) }}
    {%- endif -%}
    {%- set conditions = ['(' ~ where ~ ')'] if where else [] -%}
    {%- set test = model.test_metadata if model is mapping and model.test_metadata else {} -%}
    {%- set keys = test_key_columns(test) -%}
    {%- if keys is none -%}
        {%- do conditions.append(changed) -%}
    {%- else -%}
        {%- set matches = [] -%}
        {%- for key in keys -%}
            {%- do matches.append('changed_rows.' ~ key ~ ' = test_rows.' ~ key) -%}
        {%- endfor -%}
        {%- do conditions.append('exists (select 1 from ' ~ relation ~ ' as changed_rows where '
            ~ changed ~ ' and ' ~ matches | join(' and ') ~ ')') -%}
    {%- endif -%}
    {{ return('(select * from ' ~ relation ~ ' as test_rows where '
        ~ conditions | join(' and ') ~ ') dbt_subquery') }}
{%- endmacro %}

{#- The key columns of a key test (test_metadata of a test node), or none for
    a test that checks each row on its own. -#}
{% macro test_key_columns(test) %}
    {%- set kwargs = test.get('kwargs', {}) -%}
    {%- if test.get('name') == 'unique' -%}
        {{ return([kwargs.column_name]) }}
    {%- elif test.get('name') == 'unique_combination' -%}
        {{ return(kwargs.columns) }}
    {%- endif -%}
    {{ return(none) }}
{% endmacro %}

{#- SQL condition (on the model's unqualified columns) selecting the rows the
    last build of the model under test wrote, or none when the test must read
    every row. Queries the warehouse: call it only when executing. -#}
{% macro changed_rows_condition(relation) %}
    {%- if not execute or var('data_test_scope') == 'all' or flags.FULL_REFRESH
        or relation is string or model is not mapping or not model.attached_node -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set node = graph.nodes.get(model.attached_node) -%}
    {%- if node is none or node.config.materialized != 'incremental'
        or node.relation_name is none or node.relation_name != (relation | string) -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set strategy = node.config.incremental_strategy -%}
    {%- if strategy == 'ticket_scope' -%}
        {%- set scope = built_model_relation('int_ticket_scope', 'intermediate') -%}
        {%- if scope is none -%}{{ return(none) }}{%- endif -%}
        {%- set every = run_query("select count(*) from " ~ scope
            ~ " where scope_reason = 'all'").rows[0][0] -%}
        {%- if every > 0 -%}{{ return(none) }}{%- endif -%}
        {{ return('(ticket_id in (select scope.ticket_id from ' ~ scope ~ ' as scope)'
            ~ ' or ticket_id is null)') }}
    {%- endif -%}
    {%- set stamps = {'raw_key_groups': 'dbt_loaded_at', 'kpi_periods': 'dbt_updated_at'} -%}
    {%- if strategy not in stamps -%}{{ return(none) }}{%- endif -%}
    {%- set stamp = stamps[strategy] -%}
    {%- set bounds = run_query('select min(' ~ stamp ~ '), max(' ~ stamp ~ ') from ' ~ relation).rows[0] -%}
    {%- if bounds[0] is none or bounds[0] == bounds[1] -%}{{ return(none) }}{%- endif -%}
    {{ return(stamp ~ ' = cast(' ~ "'" ~ bounds[1].strftime('%Y-%m-%d %H:%M:%S.%f') ~ "'"
        ~ ' as ' ~ dbt.type_timestamp() ~ ')') }}
{% endmacro %}
