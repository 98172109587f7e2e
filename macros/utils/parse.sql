{#- Portable parsing helpers for the text columns of the raw layer. -#}

{#- Lower-cased, trimmed text; empty string -> null. -#}
{% macro clean_text(expr, lower=false) -%}
    nullif({% if lower %}lower({% endif %}trim({{ expr }}){% if lower %}){% endif %}, '')
{%- endmacro %}

{#- A text cell of a seed: trimmed, blank -> null. dbt-spark loads a blank
    cell of a text column as the text 'None', which is read as blank too. -#}
{% macro seed_text(expr, lower=false) -%}
    {% if lower %}lower({% endif %}nullif({{ clean_text(expr) }}, 'None'){% if lower %}){% endif %}
{%- endmacro %}

{% macro parse_boolean(expr) -%}
    case
        when lower(trim({{ expr }})) in ('true', 't', '1', 'yes', 'y') then true
        when lower(trim({{ expr }})) in ('false', 'f', '0', 'no', 'n') then false
    end
{%- endmacro %}

{% macro parse_number(expr) -%}
    {{ parse_double(expr) }}
{%- endmacro %}

{#- True when a non-empty raw value failed to parse (parsed is null). -#}
{% macro is_unparseable(raw_expr, parsed_expr) -%}
    (nullif(trim({{ raw_expr }}), '') is not null and {{ parsed_expr }} is null)
{%- endmacro %}
