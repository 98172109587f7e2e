{#- Row rules a base staging model lists for its table: each returns a list of
    [condition, reason] pairs for judge_raw_rows (conditions over the parsed
    columns and the raw text raw_<column>; the reason quotes the raw value). -#}

{#- Standard checks on a timestamp column: required, parseable, and within
    the plausible period: not before var plausible_earliest_date, and not
    after the build's start plus plausible_future_hours (planned=true:
    plausible_planned_days, for times that may lie ahead, such as a
    scheduled shift). -#}
{% macro timestamp_checks(column, required=true, planned=false) -%}
    {%- set checks = [] -%}
    {%- if required -%}
        {%- do checks.append([
            "nullif(trim(raw_" ~ column ~ "), '') is null",
            "'missing " ~ column ~ "'"]) -%}
    {%- endif -%}
    {%- do checks.append([
        is_unparseable('raw_' ~ column, column),
        "'unparseable timestamp in " ~ column ~ ": ' || raw_" ~ column]) -%}
    {%- do checks.append([
        column ~ " < cast('" ~ var('plausible_earliest_date') ~ "' as " ~ dbt.type_timestamp() ~ ")",
        "'" ~ column ~ " before plausible_earliest_date: ' || raw_" ~ column]) -%}
    {%- set ahead = (var('plausible_planned_days') | float * 24 * 60) if planned
        else (var('plausible_future_hours') | float * 60) -%}
    {%- set bound = 'plausible_planned_days' if planned else 'plausible_future_hours' -%}
    {%- do checks.append([
        column ~ " > " ~ add_minutes(run_loaded_at(), ahead | int),
        "'" ~ column ~ " later than the build time plus " ~ bound ~ ": ' || raw_" ~ column]) -%}
    {{ return(checks) }}
{%- endmacro %}

{#- A duration longer than var plausible_max_duration_hours: between two
    timestamp columns (end_column given), or a number of seconds. -#}
{% macro duration_check(column, end_column=none) -%}
    {%- set hours = var('plausible_max_duration_hours') | float -%}
    {%- if end_column is none -%}
        {{ return([[column ~ " > " ~ (hours * 3600),
            "'" ~ column ~ " longer than plausible_max_duration_hours: ' || raw_" ~ column]]) }}
    {%- endif -%}
    {{ return([[end_column ~ " > " ~ add_minutes(column, (hours * 60) | int),
        "'" ~ column ~ " to " ~ end_column ~ " longer than plausible_max_duration_hours'"]]) }}
{%- endmacro %}

{#- A number above the var `bound_var`: implausible (e.g. an hourly cost). -#}
{% macro upper_bound_check(column, bound_var) -%}
    {{ return([[column ~ " > " ~ var(bound_var),
        "'" ~ column ~ " above " ~ bound_var ~ ": ' || raw_" ~ column]]) }}
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
