{#- The primary-key test of a one-row model: it holds exactly one row. -#}
{% test one_row(model) %}
select count(*) as row_count
from {{ model }}
having count(*) <> 1
{% endtest %}
