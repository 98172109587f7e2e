{#- Incremental reading of the large raw tables (the base staging models of
    tickets, ticket_events, messages, work_sessions, calls, surveys,
    agent_status_log and self_service_sessions, models/staging/helpdesk/base/).

    An incremental run stages only the raw rows it must look at, then replaces
    their whole key group (every raw row with the same key) in the base
    table, so duplicate and conflict rules see all copies of a key:
    - rows appended to the raw file since the last run (row number above the
      largest one stored): new rows, late-arriving ones included, whatever
      their timestamps;
    - rows whose change timestamps (incremental_change_columns) fall on or
      after the watermark minus var incremental_lookback_hours: rows updated
      in place, e.g. a survey answered days after it was sent;
    - rows of a ticket whose base ticket row changed since this table was
      last loaded (its reference check may have a new answer).
    The watermark is the latest change timestamp stored, ignoring instants
    more than a day after the build's clock (a far-future typo cannot pin it).
    Raw files are expected to grow by appending, with in-place updates inside
    the lookback; anything else (a re-export in another order, a deleted row,
    an update older than the lookback) needs dbt build --full-refresh. -#}

{#- The raw tables whose base staging models are incremental. -#}
{% macro incremental_helpdesk_tables() %}
    {{ return(ticket_scope_tables() + ['agent_status_log', 'self_service_sessions']) }}
{% endmacro %}

{#- The raw tables the ticket models read: a ticket with a row (re)loaded in
    one of them is recomputed (int_ticket_scope). -#}
{% macro ticket_scope_tables() %}
    {{ return(['tickets', 'ticket_events', 'messages', 'work_sessions', 'calls', 'surveys']) }}
{% endmacro %}

{#- The timestamps whose change makes a raw row worth re-reading. -#}
{% macro incremental_change_columns(table) %}
    {{ return({
        'tickets': ['created_at'],
        'ticket_events': ['event_at'],
        'messages': ['sent_at'],
        'work_sessions': ['started_at', 'ended_at'],
        'calls': ['queued_at', 'answered_at', 'ended_at', 'abandoned_at'],
        'surveys': ['sent_at', 'responded_at'],
        'agent_status_log': ['started_at', 'ended_at'],
        'self_service_sessions': ['started_at', 'ended_at'],
    }[table]) }}
{% endmacro %}

{#- The instant this run started, as a timestamp literal: the load stamp of
    every row an incremental model writes in this run. -#}
{% macro run_loaded_at() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}

{#- Key of a row of a base staging table: its key columns (the id, or a
    natural key such as agent_id and started_at, joined with '|'), or its row
    number when a part of the key is missing (such a row is rejected, but must
    still be replaced, not duplicated, when it is read again).
    key: the key columns of the parsed relation alias, or (alias none) a dict
    column -> parse expression over the raw text, so the raw side gives the
    same text as the parsed side. -#}
{% macro row_key_sql(key, alias=none) -%}
    {%- set parts = [] -%}
    {%- for column in key -%}
        {%- set expr = key[column] if alias is none else alias ~ '.' ~ column -%}
        {%- do parts.append(expr if key | length == 1
            else 'cast(' ~ expr ~ ' as ' ~ dbt.type_string() ~ ')') -%}
    {%- endfor -%}
    {%- set row_number = '_row_number' if alias is none else alias ~ '.source_row_number' -%}
    coalesce({{ parts | join(" || '|' || ") }}, '#' || cast({{ row_number }} as {{ dbt.type_string() }}))
{%- endmacro %}

{#- Condition on the raw rows of table (columns of the raw relation) selecting
    the key groups an incremental run of its base staging model ({{ this }})
    must restage. key: column -> parse expression over the raw text (see
    row_key_sql); ticket_reference: whether the table refers to tickets. -#}
{% macro incremental_source_filter(table, key, ticket_reference=none) %}
    {%- set change_columns = incremental_change_columns(table) -%}
    {%- set raw_key = row_key_sql(key) -%}
    {%- set max_row = 0 -%}
    {%- set bound = none -%}
    {%- if execute -%}
        {%- set horizon = dbt.dateadd('day', 1, 'cast(' ~ dbt.current_timestamp() ~ ' as ' ~ dbt.type_timestamp() ~ ')') -%}
        {%- set watermark_sql -%}
            select
                coalesce(max(source_row_number), 0) as max_row
                {%- for column in change_columns %},
                max(case when {{ column }} <= {{ horizon }} then {{ column }} end)
                {%- endfor %}
            from {{ this }}
        {%- endset -%}
        {%- set row = run_query(watermark_sql).rows[0] -%}
        {%- set max_row = row[0] -%}
        {%- set stamps = [] -%}
        {%- for value in row[1:] -%}
            {%- if value is not none -%}{%- do stamps.append(value) -%}{%- endif -%}
        {%- endfor -%}
        {%- if stamps | length > 0 -%}
            {%- set lookback = modules.datetime.timedelta(hours=var('incremental_lookback_hours') | float + 24) -%}
            {#- a day more than the lookback: the raw text may carry an offset -#}
            {%- set bound = ((stamps | max) - lookback).strftime('%Y-%m-%d') -%}
        {%- endif -%}
    {%- endif -%}
    {{ raw_key }} in (
        select {{ raw_key }}
        from {{ source('helpdesk', table) }}
        where _row_number > {{ max_row }}
        {%- if bound is not none %}
            {%- for column in change_columns %}
            or {{ column }} >= '{{ bound }}'
            {%- endfor %}
        {%- endif %}
        {%- if ticket_reference is not none %}
            or {{ clean_text('ticket_id') }} in (
                select ticket_id from {{ ref('base_helpdesk__tickets') }}
                where dbt_loaded_at > (select max(dbt_loaded_at) from {{ this }})
            )
        {%- endif %}
    )
{% endmacro %}
