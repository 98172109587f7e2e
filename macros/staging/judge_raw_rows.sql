{#- The judging steps every base staging model shares (models/staging/
    helpdesk/base/). The model writes its own import CTE `source` and its
    `parsed` CTE (the select list: renames, casts, enum normalisation, then
    raw_text_columns); these macros add what is the same for every table.

    judge_raw_rows emits the CTEs after `parsed`, ending with `checked`, one
    row per raw row:
    - duplicates: keys held by several rows are found with a hash aggregate
      (only those rows are sorted); copies that are all identical keep the
      first and reject the others ('duplicate row'); copies that differ are
      all rejected ('conflicting duplicate id');
    - row_dq_reason: the first rule the row breaks, in this order: a line the
      CSV reader could not read, a raw value longer than var
      max_raw_value_bytes, a missing or unparseable key column, the
      duplicate rules, then the table's own checks ([condition, reason]
      pairs, conditions over the parsed columns and raw_<column>);
    - dq_reason: row_dq_reason, else (ticket_reference 'required' or
      'optional') a missing, unknown or rejected ticket_id, or (column
      not_before_creation) a timestamp before the ticket's creation;
    The model's `final` CTE selects its columns and judged_columns: the raw
    text (raw_values) kept on rejected rows only, and on the incremental
    tables the key dq_key, the content hash dq_row_hash and the load stamp
    dbt_loaded_at.
    key: column -> the parse expression of the key column over the raw text
    (the same the select list uses), so incremental runs find key groups on
    the raw rows (incremental_source_filter). -#}
{% macro judge_raw_rows(table, key, checks=[], ticket_reference=none, not_before_creation=none) %}
{%- set raw_columns = helpdesk_raw_schema()[table].columns | map('first') | list -%}
{%- set key_names = key.keys() | list -%}
{%- if key_names != helpdesk_raw_schema()[table].key -%}
    {{ exceptions.raise_compiler_error("base_helpdesk__" ~ table ~ " judges duplicates by "
        ~ key_names ~ " but the raw contract (var helpdesk_raw_contract) declares the key "
        ~ helpdesk_raw_schema()[table].key) }}
{%- endif -%}
{%- if table in incremental_helpdesk_tables() and key != raw_key_expressions(table) -%}
    {{ exceptions.raise_compiler_error("base_helpdesk__" ~ table ~ " parses its key otherwise "
        ~ "than raw_key_expressions('" ~ table ~ "'), which the raw_key_groups strategy uses "
        ~ "to find deleted keys: make them agree") }}
{%- endif -%}
{%- set incremental = is_incremental_run() -%}
repeated_keys as (
    -- keys held by more than one row: a hash aggregate over the key only,
    -- so the (rare) duplicates are the only rows a window has to sort
    select
        {%- for column in key_names %}
        {{ column }},
        {%- endfor %}
        count(*) as key_rows
    from parsed
    group by {{ key_names | join(', ') }}
    having count(*) > 1
),

repeated as (
    select
        parsed.source_row_number,
        {%- for column in key_names %}
        parsed.{{ column }},
        {%- endfor %}
        {{ dbt.hash(raw_values_sql(raw_columns, 'parsed.raw_')) }} as row_hash
    from parsed
    inner join repeated_keys
        on {% for column in key_names %}{% if not loop.first %} and {% endif %}parsed.{{ column }} = repeated_keys.{{ column }}{% endfor %}
),

duplicates as (
    -- all copies identical: the first is kept, the others are duplicates;
    -- copies that differ: every one of them is a conflicting duplicate
    select
        source_row_number,
        min(row_hash) over (partition by {{ key_names | join(', ') }})
        <> max(row_hash) over (partition by {{ key_names | join(', ') }})
            as is_conflicting_duplicate,
        row_number() over (
            partition by {{ key_names | join(', ') }}
            order by source_row_number
        ) as copy_number
    from repeated
),

row_checked as (
    select
        parsed.*,
        -- a CSV line that could not be read as a row keeps its text; a
        -- message's body is not shown (message text stays in staging)
        coalesce(parsed.source_raw_line, {{ raw_values_sql(
            raw_columns | reject('equalto', 'body') | list, 'parsed.raw_') }})
            as raw_row_text,
        case
            when parsed.source_read_error is not null then parsed.source_read_error
            {#- a message's body may be long: it is never aggregated #}
            {%- for column in raw_columns if column != 'body' %}
            when {{ byte_length('parsed.raw_' ~ column) }} > {{ var('max_raw_value_bytes') }}
                then 'over-long value in {{ column }}: '
                    || cast({{ byte_length('parsed.raw_' ~ column) }} as {{ dbt.type_string() }})
                    || ' bytes (max_raw_value_bytes {{ var('max_raw_value_bytes') }})'
            {%- endfor %}
            {%- for column in key_names %}
            when parsed.{{ column }} is null
                then case
                    when nullif(trim(parsed.raw_{{ column }}), '') is null
                        then 'missing {{ column }}'
                    else 'unparseable {{ column }}: ' || parsed.raw_{{ column }}
                end
            {%- endfor %}
            when coalesce(duplicates.is_conflicting_duplicate, false)
                then 'conflicting duplicate id'
            when coalesce(duplicates.copy_number, 1) > 1 then 'duplicate row'
            {%- for check in checks %}
            when {{ check[0] }} then {{ check[1] }}
            {%- endfor %}
        end as row_dq_reason
    from parsed
    left join duplicates
        on parsed.source_row_number = duplicates.source_row_number
),
{%- if ticket_reference is none %}

checked as (
    select
        row_checked.*,
        row_checked.row_dq_reason as dq_reason
    from row_checked
),
{%- else %}

ticket_ids as (
    -- the ticket of each row: whether it was accepted, and when it was created
    select
        ticket_id,
        max(case when dq_reason is null then 1 else 0 end) as is_accepted,
        min(case when dq_reason is null then created_at end) as created_at
    from {{ ref('base_helpdesk__tickets') }}
    where ticket_id is not null
    {%- if incremental %}
        and ticket_id in (select row_checked.ticket_id from row_checked)
    {%- endif %}
    group by ticket_id
),

checked as (
    select
        row_checked.*,
        coalesce(
            row_checked.row_dq_reason,
            case
                {%- if ticket_reference == 'required' %}
                when row_checked.ticket_id is null then 'missing ticket_id'
                {%- endif %}
                when row_checked.ticket_id is not null and ticket_ids.ticket_id is null
                    then 'unknown ticket_id: ' || row_checked.ticket_id
                when ticket_ids.is_accepted = 0
                    then 'ticket_id refers to a rejected ticket: ' || row_checked.ticket_id
                {%- if not_before_creation is not none %}
                when row_checked.{{ not_before_creation }} < ticket_ids.created_at
                    then '{{ not_before_creation }} before ticket creation'
                {%- endif %}
            end
        ) as dq_reason
    from row_checked
    left join ticket_ids
        on row_checked.ticket_id = ticket_ids.ticket_id
),
{%- endif %}
{% endmacro %}

{#- The judging columns of a base model's final select, after its own
    columns: source_row_number, row_dq_reason, dq_reason, raw_values (rejected
    rows only) and, on the incremental tables, dq_key, dq_row_hash and
    dbt_loaded_at. -#}
{% macro judged_columns(table, key) -%}
        checked.source_row_number,
        checked.row_dq_reason,
        checked.dq_reason,
        case when checked.dq_reason is not null then checked.raw_row_text end as raw_values
        {%- if table in incremental_helpdesk_tables() %},
        -- incremental bookkeeping: the key a run replaces, the content and
        -- line it compares, and when the row was loaded
        {{ row_key_sql(key.keys() | list, 'checked') }} as dq_key,
        {{ raw_row_hash_sql(table, 'checked.') }} as dq_row_hash,
        '{{ raw_rules_fingerprint() }}' as dq_rules_fingerprint,
        {{ run_loaded_at() }} as dbt_loaded_at
        {%- endif %}
{%- endmacro %}

{#- The raw text of every contract column (raw_<column>) and the raw
    layer's bookkeeping (source_row_number, source_read_error,
    source_raw_line): the end of a base model's select list, for the reasons
    and the raw values of rejected rows. -#}
{% macro raw_text_columns(table) -%}
    {%- for column in helpdesk_raw_schema()[table].columns %}
        source.{{ column[0] }} as raw_{{ column[0] }},
    {%- endfor %}
        source._row_number as source_row_number,
        source._read_error as source_read_error,
        source._raw_line as source_raw_line
{%- endmacro %}

{#- key=value; key=value rendering of the raw text of a row from the
    raw_<column> copies (prefix 'raw_', or 'alias.raw_'). -#}
{% macro raw_values_sql(columns, prefix='raw_') -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append("'" ~ column ~ "=' || coalesce(" ~ prefix ~ column ~ ", '')") -%}
    {%- endfor -%}
    {{ parts | join(" || '; ' || ") }}
{%- endmacro %}
