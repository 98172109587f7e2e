{#- Every row satisfies a boolean SQL expression (null counts as failure
    unless the expression handles it). -#}
{% test expression_is_true(model, expression, column_name=none) %}
select *
from {{ model }}
where not coalesce({{ expression }}, false)
{% endtest %}
