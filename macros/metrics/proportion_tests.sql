{#- The pooled standard error of the difference between two proportions,
    successes_a / trials_a and successes_b / trials_b: the denominator of the
    two-proportion z-test, sqrt(p (1 - p) (1 / trials_a + 1 / trials_b))
    with p = (successes_a + successes_b) / (trials_a + trials_b). A double;
    null when either count of trials is 0 or null; 0 when p is 0 or 1. -#}
{% macro pooled_proportion_se(successes_a, trials_a, successes_b, trials_b) -%}
    {%- set pooled = safe_ratio(successes_a ~ ' + ' ~ successes_b, trials_a ~ ' + ' ~ trials_b) -%}
    sqrt(
        {{ pooled }} * (1 - {{ pooled }})
        * ({{ safe_ratio('1', trials_a) }} + {{ safe_ratio('1', trials_b) }})
    )
{%- endmacro %}
