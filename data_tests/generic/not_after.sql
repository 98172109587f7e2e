{#- Event order: column_name is never later than `later_column` (rows where
    either is null are not checked). -#}
{% test not_after(model, column_name, later_column) %}
select {{ column_name }}, {{ later_column }}
from {{ model }}
where {{ column_name }} > {{ later_column }}
{% endtest %}
