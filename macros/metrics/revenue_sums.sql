{#- Sums of an optional amount (customers.mrr) for the revenue metrics. -#}

{#- SQL aggregate: the sum of `value` over the group's rows that meet
    `condition` (0 when none does), or null when no row of the group has a
    known `value` (the raw file has no mrr: the revenue metrics are null, not
    0). -#}
{% macro sum_of_known(value, condition='true') -%}
    case
        when count({{ value }}) > 0
            then coalesce(sum(case when {{ condition }} then {{ value }} end), 0)
    end
{%- endmacro %}
