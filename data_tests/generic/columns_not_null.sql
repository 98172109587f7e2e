{#- None of the listed columns is null: one test for a family of columns of
    a wide model (e.g. the keys of the ticket KPI rows); returns the rows
    with a null in any of them. -#}
{% test columns_not_null(model, columns) %}
select *
from {{ model }}
where {{ columns | join(' is null or ') }} is null
{% endtest %}
