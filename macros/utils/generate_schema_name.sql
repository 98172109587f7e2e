{#- Custom schemas are used as they are (staging, intermediate, config, main)
    instead of being prefixed with the target schema, so BI tools find the
    marts in the warehouse's main schema. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
