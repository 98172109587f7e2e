{#- First-response quality flags of a message's text (docs block
    metric_first_response_quality). Portable: lower() and dbt.position()
    (substring search, no regex dialect), patterns from the vars as quoted
    literals. Null when the text is null. -#}

{#- Whether the text expression contains any of the patterns
    (case-insensitive substrings); null when the text is null. -#}
{% macro text_contains_any(text, patterns) -%}
    (
    {%- for pattern in patterns %}
        {{ dbt.position(sql_text_literal(pattern | lower), 'lower(' ~ text ~ ')') }} > 0
        {%- if not loop.last %} or{% endif %}
    {%- endfor %}
    )
{%- endmacro %}

{#- The text links a help-centre article: it contains one of var
    first_response_help_centre_patterns. -#}
{% macro has_help_centre_link(text) -%}
    {{ text_contains_any(text, var('first_response_help_centre_patterns')) }}
{%- endmacro %}

{#- The text is only an acknowledgement: it contains one of var
    first_response_acknowledgement_patterns, is at most var
    first_response_acknowledgement_max_chars characters long once trimmed,
    and carries no link at all (no help-centre pattern, no http, no www.). -#}
{% macro is_acknowledgement_only(text) -%}
    case
        when {{ text }} is null then null
        else {{ dbt.length('trim(' ~ text ~ ')') }}
            <= {{ var('first_response_acknowledgement_max_chars') | int }}
            and {{ text_contains_any(text, var('first_response_acknowledgement_patterns')) }}
            and not {{ text_contains_any(
                text, var('first_response_help_centre_patterns') + ['http', 'www.']) }}
    end
{%- endmacro %}
