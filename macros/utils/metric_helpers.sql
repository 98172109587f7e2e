{#- Small helpers shared by the metric marts. -#}

{#- Start of the period (day, week: Monday, month) containing a timestamp. -#}
{% macro period_start(grain, expr) -%}
    cast({{ dbt.date_trunc(grain, expr) }} as date)
{%- endmacro %}

{#- numerator / denominator as a double; null when the denominator is 0 or null. -#}
{% macro safe_ratio(numerator, denominator) -%}
    (cast({{ numerator }} as {{ type_double() }})
        / nullif(cast({{ denominator }} as {{ type_double() }}), 0))
{%- endmacro %}

{#- The later / earlier of two timestamps (portable greatest / least). -#}
{% macro later_of(a, b) -%}
    case when {{ a }} > {{ b }} then {{ a }} else {{ b }} end
{%- endmacro %}

{% macro earlier_of(a, b) -%}
    case when {{ a }} < {{ b }} then {{ a }} else {{ b }} end
{%- endmacro %}

{#- Seconds two overlapping spans [start_a, end_a) and [start_b, end_b) share
    (callers join on the overlap, so it is never negative). -#}
{% macro overlap_seconds(start_a, end_a, start_b, end_b) -%}
    {{ seconds_between(later_of(start_a, start_b), earlier_of(end_a, end_b)) }}
{%- endmacro %}
