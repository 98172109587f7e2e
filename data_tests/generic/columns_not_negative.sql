{#- Each listed column (a count, duration or amount) is null or >= 0: one
    test for a family of columns of a wide model, as not_negative is for one
    column; returns the rows with a negative value in any of them. -#}
{% test columns_not_negative(model, columns) %}
select *
from {{ model }}
where {{ columns | join(' < 0 or ') }} < 0
{% endtest %}
