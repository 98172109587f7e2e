{#- post-hook of int_as_of: var as_of must fall where the data is. Before
    the earliest accepted ticket, event or message, every ticket would be
    judged before it existed; more than var as_of_max_days_after_data days
    after the latest one, every open window and SLA clock would run for that
    long. Both stop the build with one message naming the var. An as_of
    inside the data (a back-dated view) is allowed: a warning says that rows
    after it are still counted, and dq_build_metadata.is_as_of_before_latest_data
    records it. Returns no SQL. -#}
{% macro check_as_of_bounds(relation) %}
    {%- if not execute or var('as_of') is none -%}
        {{ return('') }}
    {%- endif -%}
    {%- set row = run_query(
        'select as_of_at, first_stamp_at, last_stamp_at, '
        ~ seconds_between('last_stamp_at', 'as_of_at') ~ ' / 86400.0 from ' ~ relation).rows[0] -%}
    {%- set as_of_at, first_at, last_at, days_after = row[0], row[1], row[2], row[3] -%}
    {%- if first_at is none -%}
        {{ return('') }}
    {%- endif -%}
    {%- set limit = var('as_of_max_days_after_data') -%}
    {%- if as_of_at < first_at -%}
        {{ exceptions.raise_compiler_error("Invalid configuration: var 'as_of' is "
            ~ var('as_of') ~ ", before the earliest ticket, event or message (" ~ first_at
            ~ " UTC): every ticket would be judged before it existed. Set as_of within the "
            ~ "data, or leave it null (the latest data).") }}
    {%- elif days_after > limit -%}
        {{ exceptions.raise_compiler_error("Invalid configuration: var 'as_of' is "
            ~ var('as_of') ~ ", " ~ (days_after | round(1)) ~ " days after the latest ticket, "
            ~ "event or message (" ~ last_at ~ " UTC), more than var as_of_max_days_after_data ("
            ~ limit ~ "): every open window and SLA clock would run that long. Set as_of "
            ~ "nearer the data, leave it null, or raise as_of_max_days_after_data.") }}
    {%- elif as_of_at < last_at -%}
        {{ exceptions.warn("var 'as_of' (" ~ var('as_of') ~ ") is before the latest data ("
            ~ last_at ~ " UTC): windows are judged at as_of, but rows after it are still "
            ~ "counted (dq_build_metadata.is_as_of_before_latest_data).") }}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}
