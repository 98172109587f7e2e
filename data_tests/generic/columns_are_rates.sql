{#- Each listed column is null or within 0..1: one test for a family of
    rates of a wide model, as is_rate is for one column; returns the rows
    with a value outside 0..1 in any of them. -#}
{% test columns_are_rates(model, columns) %}
select *
from {{ model }}
where
    {%- for column in columns %}
    {{ 'or ' if not loop.first }}{{ column }} < 0 or {{ column }} > 1
    {%- endfor %}
{% endtest %}
