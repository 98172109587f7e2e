{#- Accepted values of the enumerated raw columns (SPEC section 1), declared
    once as the var helpdesk_enums in dbt_project.yml (the Python tools read
    the same: supportwh/raw/contract.py). -#}
{% macro helpdesk_enums() %}
    {{ return(var('helpdesk_enums')) }}
{% endmacro %}

{#- SQL list literal of an enum, e.g. ('email', 'chat'). -#}
{% macro enum_sql(name) %}
    {{- "('" ~ helpdesk_enums()[name] | join("', '") ~ "')" -}}
{% endmacro %}
