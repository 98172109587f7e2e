{#- Incremental reading of the large raw tables (the base staging models of
    tickets, ticket_events, messages, work_sessions, calls, surveys,
    agent_status_log and self_service_sessions, models/staging/helpdesk/base/).

    An incremental run stages only the raw rows it must look at, then replaces
    their whole key group (every raw row with the same key) in the base
    table (strategy raw_key_groups), so duplicate and conflict rules see all
    copies of a key:
    - every row, when the rules the rows were judged by changed (the vars of
      raw_rules_fingerprint, stored as dq_rules_fingerprint);
    - rows whose key, content or line is not stored: every stored row keeps
      its key (dq_key), a hash of its raw text (dq_row_hash) and its line
      (source_row_number), and the raw file is compared with them, so new
      rows, rows edited in place at any age, rows moved to another line and
      deleted rows are all found (a key with no raw row left is deleted);
    - rows whose change timestamps (incremental_change_columns) fall on or
      after the watermark minus var incremental_lookback_hours: judged again
      as the build's clock moves;
    - rows of a ticket whose base ticket row changed since this table was
      last loaded, or that has no base ticket row (deleted, or never there):
      its reference check may have a new answer.
    The watermark is the latest change timestamp stored, ignoring instants
    more than a day after the build's clock (a far-future typo cannot pin it).
    Which tickets the ticket models then recompute is decided by content
    too: int_ticket_input_fingerprints against the facts' stored ones. -#}

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

{#- A text fingerprint of the vars the base staging models judge rows by
    (the raw contract, the enum domains, the plausibility bounds, the
    longest raw value): stored on every row of the incremental base tables
    (dq_rules_fingerprint); when it changes, the next incremental run judges
    every row of the table again, as a full refresh would. -#}
{% macro raw_rules_fingerprint() %}
    {%- set settings = {} -%}
    {%- for name in ['helpdesk_raw_contract', 'helpdesk_enums', 'plausible_earliest_date',
        'plausible_future_hours', 'plausible_planned_days', 'plausible_max_duration_hours',
        'plausible_max_hourly_cost', 'plausible_max_cost_amount', 'max_raw_value_bytes'] -%}
        {%- do settings.update({name: var(name)}) -%}
    {%- endfor -%}
    {{ return(local_md5(tojson(settings, sort_keys=true))) }}
{% endmacro %}

{#- The key of a raw table as parse expressions over its raw text, from the
    raw contract: timestamps (columns ending in _at) parsed to UTC, ids
    cleaned. The base models spell the same dict in their files;
    judge_raw_rows checks that they agree. -#}
{% macro raw_key_expressions(table) %}
    {%- set key = {} -%}
    {%- for column in helpdesk_raw_schema()[table].key -%}
        {%- do key.update({column: parse_timestamp_utc(column) if column.endswith('_at')
            else clean_text(column)}) -%}
    {%- endfor -%}
    {{ return(key) }}
{% endmacro %}

{#- Hash of a raw row's content: every contract column's raw text, the read
    error and the raw line of a line the CSV reader could not read. prefix:
    none over the raw relation, or 'alias.' over a base model's parsed
    columns (raw_<column>, source_read_error, source_raw_line). -#}
{% macro raw_row_hash_sql(table, prefix=none) %}
    {%- set expressions = [] -%}
    {%- for column in helpdesk_raw_schema()[table].columns -%}
        {%- do expressions.append(column[0] if prefix is none else prefix ~ 'raw_' ~ column[0]) -%}
    {%- endfor -%}
    {%- if prefix is none -%}
        {%- do expressions.extend(['_read_error', '_raw_line']) -%}
    {%- else -%}
        {%- do expressions.extend([prefix ~ 'source_read_error', prefix ~ 'source_raw_line']) -%}
    {%- endif -%}
    {{ return(hash64(expressions)) }}
{% endmacro %}

{#- Condition on the raw rows of table (columns of the raw relation) selecting
    the key groups an incremental run of its base staging model ({{ this }})
    must restage. key: column -> parse expression over the raw text (see
    row_key_sql); ticket_reference: whether the table refers to tickets. -#}
{% macro incremental_source_filter(table, key, ticket_reference=none) %}
    {%- set change_columns = incremental_change_columns(table) -%}
    {%- set raw_key = row_key_sql(key) -%}
    {%- set bound = none -%}
    {%- if execute -%}
        {%- set stored = adapter.get_columns_in_relation(this) | map(attribute='name') | list -%}
        {%- for column in ['dq_row_hash', 'dq_rules_fingerprint'] -%}
            {%- if column not in stored -%}
                {{ exceptions.raise_compiler_error(incremental_recovery_message(this.identifier,
                    "the table was built by an earlier version of the project, before rows "
                    ~ "were compared by content (it has no column " ~ column ~ ")", whole=true)) }}
            {%- endif -%}
        {%- endfor -%}
        {#- rows judged under other rules (a changed var): judge every row again -#}
        {%- set rejudge = run_query("select count(*) from " ~ this
            ~ " where dq_rules_fingerprint <> '" ~ raw_rules_fingerprint() ~ "'").rows[0][0] > 0 -%}
        {%- if rejudge -%}
            {{ return('true') }}
        {%- endif -%}
        {%- set horizon = dbt.dateadd('day', 1, 'cast(' ~ dbt.current_timestamp() ~ ' as ' ~ dbt.type_timestamp() ~ ')') -%}
        {%- set watermark_sql -%}
            select
                {%- for column in change_columns %}
                {% if not loop.first %}, {% endif %}max(case when {{ column }} <= {{ horizon }} then {{ column }} end)
                {%- endfor %}
            from {{ this }}
        {%- endset -%}
        {%- set row = run_query(watermark_sql).rows[0] -%}
        {%- set stamps = [] -%}
        {%- for value in row -%}
            {%- if value is not none -%}{%- do stamps.append(value) -%}{%- endif -%}
        {%- endfor -%}
        {%- if stamps | length > 0 -%}
            {%- set lookback = modules.datetime.timedelta(hours=var('incremental_lookback_hours') | float + 24) -%}
            {#- a day more than the lookback: the raw text may carry an offset -#}
            {%- set bound = ((stamps | max) - lookback).strftime('%Y-%m-%d') -%}
        {%- endif -%}
    {%- endif -%}
    {{ raw_key }} in (
        -- rows whose key, content (hash of the raw text) or line differs
        -- between the raw file and the stored rows: new, edited, moved or
        -- deleted rows (a key left with no raw row is deleted by the
        -- raw_key_groups strategy)
        select coalesce(raw_rows.row_key, stored_rows.dq_key)
        from (
            select
                {{ raw_key }} as row_key,
                {{ raw_row_hash_sql(table) }} as row_hash,
                _row_number as row_number
            from {{ helpdesk_raw_relation(table) }}
        ) as raw_rows
        full outer join (
            select
                dq_key,
                dq_row_hash,
                source_row_number
            from {{ this }}
        ) as stored_rows
            on raw_rows.row_key = stored_rows.dq_key
                and raw_rows.row_hash = stored_rows.dq_row_hash
                and raw_rows.row_number = stored_rows.source_row_number
        where raw_rows.row_key is null or stored_rows.dq_key is null
        {%- if bound is not none %}
        union
        -- rows near the latest timestamps: judged again as the build's
        -- clock moves (the plausibility bound on future instants)
        select {{ raw_key }}
        from {{ helpdesk_raw_relation(table) }}
        where
            {%- for column in change_columns %}
            {% if not loop.first %}or {% endif %}{{ column }} >= '{{ bound }}'
            {%- endfor %}
        {%- endif %}
        {%- if ticket_reference is not none %}
        union
        -- rows of tickets whose own row was restaged or deleted (or never
        -- was): the reference check may have another answer
        select {{ raw_key }}
        from {{ helpdesk_raw_relation(table) }}
        where {{ clean_text('ticket_id') }} in (
            select ticket_id from {{ ref('base_helpdesk__tickets') }}
            where dbt_loaded_at > (select max(dbt_loaded_at) from {{ this }})
        )
            or {{ clean_text('ticket_id') }} not in (
                select ticket_id from {{ ref('base_helpdesk__tickets') }}
                where ticket_id is not null
            )
        {%- endif %}
    )
{% endmacro %}

{#- The raw_key_groups incremental strategy of the base staging tables (dbt
    calls get_incremental_<strategy>_sql): every stored row of a key group
    the run restaged is replaced by the group's new rows, and the rows of a
    key no raw row carries any more are deleted. -#}
{% macro get_incremental_raw_key_groups_sql(arg_dict) %}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    {#- the model's name, not its relation's: an alias cannot change it -#}
    {%- set table = model.name | replace('base_helpdesk__', '') -%}
    delete from {{ target }}
    where dq_key in (select restaged.dq_key from {{ arg_dict['temp_relation'] }} as restaged)
        or dq_key not in (
            select {{ row_key_sql(raw_key_expressions(table)) }}
            from {{ helpdesk_raw_relation(table) }}
        );

    insert into {{ target }} ({{ columns }})
    select {{ columns }} from {{ arg_dict['temp_relation'] }}
{% endmacro %}
