{#- Incremental ticket models. Every model keyed by ticket (the ticket
    intermediates, fact_ticket, fact_interaction) recomputes, on an
    incremental run, only the tickets listed in int_ticket_scope: it reads its
    driving inputs through ticket_scope_filter and is written with the
    ticket_scope strategy, which deletes the scope's tickets from the table and
    inserts their new rows (a ticket that is no longer accepted simply loses
    its rows). Rows without a ticket (calls not linked to one) are always
    recomputed. On a full build (or when the table does not exist yet) the
    filter is a no-op and the model is built whole. -#}

{#- is_incremental(), false where there is no relation at all (unit tests). -#}
{% macro is_incremental_run() %}
    {{ return(this is not none and is_incremental()) }}
{% endmacro %}

{#- Condition keeping the rows of the tickets in scope (true on full builds);
    scoped=true/false overrides what the model's own materialisation says. -#}
{% macro ticket_scope_filter(column='ticket_id', scoped=none) -%}
    {%- if (is_incremental_run() if scoped is none else scoped) -%}
        ({{ column }} in (select scope.ticket_id from {{ ref('int_ticket_scope') }} as scope)
            or {{ column }} is null)
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{#- The ticket_scope incremental strategy (dbt calls get_incremental_<strategy>_sql). -#}
{% macro get_incremental_ticket_scope_sql(arg_dict) %}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ target }}
    where ticket_id in (select scope.ticket_id from {{ ref('int_ticket_scope') }} as scope)
        or ticket_id is null;

    insert into {{ target }} ({{ columns }})
    select {{ columns }} from {{ arg_dict['temp_relation'] }}
{% endmacro %}

{#- The relation of a model of this project by name, or none when it has not
    been built: the scope reads the previous state of the facts it feeds. -#}
{% macro built_model_relation(name, custom_schema) %}
    {{ return(adapter.get_relation(
        database=this.database,
        schema=generate_schema_name(custom_schema, none) | trim,
        identifier=name)) }}
{% endmacro %}

{#- Text fingerprint of everything besides the raw event tables that the
    ticket models read: the vars they use, the category and SLA seeds, the
    agents, schedules and holidays, and which raw tables exist (a customer's
    segment is in its tickets' input fingerprints). When it
    differs from the one the facts were built with, every ticket is in scope. -#}
{% macro ticket_config_fingerprint_sql() %}
    {%- set settings = {
        'reopen_window_days': var('reopen_window_days'),
        'fcr_window_hours': var('fcr_window_hours'),
        'fcr_conversation_channels': var('fcr_conversation_channels'),
        'fcr_conversation_gap_minutes': var('fcr_conversation_gap_minutes'),
        'as_of': var('as_of'),
        'calendar_padding_days': var('calendar_padding_days'),
        'sla_breach_horizon_days': var('sla_breach_horizon_days'),
        'first_response_help_centre_patterns': var('first_response_help_centre_patterns'),
        'first_response_acknowledgement_patterns': var('first_response_acknowledgement_patterns'),
        'first_response_acknowledgement_max_chars': var('first_response_acknowledgement_max_chars'),
    } -%}
    {%- set parts = ["'" ~ (tojson(settings) | replace("'", "''")) ~ "'"] -%}
    {#- model -> the columns the ticket models read (none: all) -#}
    {%- set inputs = {
        'ticket_categories': none,
        'sla_policies': none,
        'stg_helpdesk__agents': ['agent_id', 'is_bot', 'team'],
        'stg_helpdesk__schedules': none,
        'stg_helpdesk__holidays': none,
        'stg_helpdesk__raw_tables': ['table_name', 'is_present'],
    } -%}
    {%- for model, columns in inputs.items() -%}
        {%- do parts.append('(' ~ relation_fingerprint_sql(ref(model), columns) ~ ')') -%}
    {%- endfor -%}
    {{ return(dbt.hash(dbt.concat(parts))) }}
{% endmacro %}

{#- Scalar subquery: a hash of every row of a relation (order-independent),
    over the given columns or all of them. -#}
{% macro relation_fingerprint_sql(relation, columns=none) %}
    {%- set quoted = [] -%}
    {%- if execute -%}
        {%- set names = columns if columns is not none
            else adapter.get_columns_in_relation(relation) | map(attribute='name') | list -%}
        {%- for name in names -%}
            {%- do quoted.append(adapter.quote(name)) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- set row_text = row_text_sql(quoted) -%}
    select coalesce({{ dbt.listagg(dbt.hash(row_text), "','", "order by " ~ dbt.hash(row_text)) }}, '')
    from {{ relation }}
{% endmacro %}

{#- Text of a row: the expressions as text, '~' for null, joined by '|'. -#}
{% macro row_text_sql(expressions) -%}
    {%- set values = [] -%}
    {%- for expression in expressions -%}
        {%- do values.append("coalesce(cast(" ~ expression ~ " as " ~ dbt.type_string() ~ "), '~')") -%}
    {%- endfor -%}
    {%- if values | length == 0 -%}{%- do values.append("''") -%}{%- endif -%}
    {{ return(values | join(" || '|' || ")) }}
{%- endmacro %}
