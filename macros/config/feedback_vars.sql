{#- The vars of first-response quality and survey timing (docs blocks
    metric_first_response_quality, metric_survey_delay). Their text reaches
    SQL as quoted literals (sql_text_literal), never pasted. -#}
{% macro feedback_var_problem(overrides) %}
    {%- for name in ['first_response_help_centre_patterns',
        'first_response_acknowledgement_patterns'] -%}
        {%- set patterns = project_setting(name, overrides) -%}
        {%- if patterns is string or patterns is mapping or patterns is not iterable
            or patterns | length == 0 -%}
            {{ return(config_problem(name, patterns,
                'a non-empty list of text patterns (case-insensitive substrings)')) }}
        {%- endif -%}
        {%- for pattern in patterns -%}
            {%- if pattern is not string or pattern | trim == '' -%}
                {{ return(config_problem(name, pattern,
                    'a non-empty text pattern (a case-insensitive substring)')) }}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- set problem = number_var_problem('first_response_acknowledgement_max_chars',
        project_setting('first_response_acknowledgement_max_chars', overrides), 1, none, true) -%}
    {%- if problem -%}{{ return(problem) }}{%- endif -%}
    {%- set bounds = project_setting('survey_delay_bucket_hours', overrides) -%}
    {%- set expected = 'a non-empty list of increasing positive numbers of hours' -%}
    {%- if bounds is string or bounds is mapping or bounds is not iterable
        or bounds | length == 0 -%}
        {{ return(config_problem('survey_delay_bucket_hours', bounds, expected)) }}
    {%- endif -%}
    {%- for bound in bounds -%}
        {%- if bound is not number or bound is sameas true or bound is sameas false
            or bound != bound or bound == bound * 2 or bound <= 0
            or (not loop.first and bound <= bounds[loop.index0 - 1]) -%}
            {{ return(config_problem('survey_delay_bucket_hours', bounds, expected)) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(none) }}
{% endmacro %}
