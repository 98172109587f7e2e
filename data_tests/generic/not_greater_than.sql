{#- A value is never above another column of the same row (e.g. business
    minutes never exceed calendar minutes); small float noise is allowed. -#}
{% test not_greater_than(model, column_name, other_column, tolerance=0.000001) %}
select {{ column_name }}, {{ other_column }}
from {{ model }}
where {{ column_name }} > {{ other_column }} + {{ tolerance }}
{% endtest %}
