{#- Normal and Student-t distribution helpers for the significance tests of
    mart_change_impact (docs block metric_change_significance). Plain SQL on
    every engine: sqrt, ln, exp and abs only (no erf, no distribution
    functions), each a documented closed-form approximation. -#}

{#- 1 - erf(x / sqrt(2)) for x >= 0, the two-sided normal tail 2 * (1 -
    Phi(x)), by Abramowitz and Stegun 7.1.26 (|error of erf| < 1.5e-7):
    erf(y) = 1 - (a1 t + a2 t^2 + a3 t^3 + a4 t^4 + a5 t^5) exp(-y^2),
    t = 1 / (1 + p y). exp goes through exp_or_zero (PostgreSQL raises on
    an underflow). -#}
{% macro normal_upper_tail_pair(abs_x) -%}
    {%- set y = '(cast(' ~ abs_x ~ ' as ' ~ type_double() ~ ') / sqrt(2.0))' -%}
    {%- set t = '(1.0 / (1.0 + 0.3275911 * ' ~ y ~ '))' -%}
    ({{ t }} * (0.254829592 + {{ t }} * (-0.284496736 + {{ t }} * (1.421413741
        + {{ t }} * (-1.453152027 + {{ t }} * 1.061405429))))
        * {{ exp_or_zero('-1.0 * ' ~ y ~ ' * ' ~ y) }})
{%- endmacro %}

{#- Phi(x), the standard normal cumulative distribution function. -#}
{% macro normal_cdf(x) -%}
    {%- set x = 'cast(' ~ x ~ ' as ' ~ type_double() ~ ')' -%}
    (case
        when ({{ x }}) >= 0 then 1.0 - 0.5 * {{ normal_upper_tail_pair(x) }}
        else 0.5 * {{ normal_upper_tail_pair('-1.0 * (' ~ x ~ ')') }}
    end)
{%- endmacro %}

{#- Two-sided p-value of a standard normal statistic z: 2 * (1 - Phi(|z|)),
    computed from the tail directly (no 1 - 0.99999... cancellation). -#}
{% macro normal_two_sided_p_value(z) -%}
    {{ normal_upper_tail_pair('abs(' ~ z ~ ')') }}
{%- endmacro %}

{#- The standard normal quantile z with Phi(z) = 1 - upper_tail, for
    0 < upper_tail <= 0.5, by Abramowitz and Stegun 26.2.23 (|error| <
    4.5e-4): t = sqrt(-2 ln(upper_tail)), z = t - (c0 + c1 t + c2 t^2) / (1 +
    d1 t + d2 t^2 + d3 t^3). -#}
{% macro normal_upper_quantile(upper_tail) -%}
    {%- set t = '(sqrt(-2.0 * ln(cast(' ~ upper_tail ~ ' as ' ~ type_double() ~ '))))' -%}
    ({{ t }} - (2.515517 + 0.802853 * {{ t }} + 0.010328 * {{ t }} * {{ t }})
        / (1.0 + 1.432788 * {{ t }} + 0.189269 * {{ t }} * {{ t }}
            + 0.001308 * {{ t }} * {{ t }} * {{ t }}))
{%- endmacro %}

{#- Two-sided p-value of a Student t statistic with df degrees of freedom
    (fractional allowed: Welch), through Wallace's (1959) normal
    approximation z = (8 df + 1) / (8 df + 3) * sqrt(df ln(1 + t^2 / df))
    (|error of the p-value| < 2.1e-4 for df >= 10, checked against the exact
    distribution). -#}
{% macro student_t_two_sided_p_value(t, df) -%}
    {%- set t = 'cast(' ~ t ~ ' as ' ~ type_double() ~ ')' -%}
    {%- set df = 'cast(' ~ df ~ ' as ' ~ type_double() ~ ')' -%}
    {%- set z -%}
        ((8.0 * ({{ df }}) + 1.0) / (8.0 * ({{ df }}) + 3.0)
            * sqrt(({{ df }}) * ln(1.0 + ({{ t }}) * ({{ t }}) / ({{ df }}))))
    {%- endset -%}
    {{ normal_two_sided_p_value(z) }}
{%- endmacro %}

{#- The Student t quantile with df degrees of freedom for the normal
    quantile z, by the Cornish-Fisher expansion (Abramowitz and Stegun
    26.7.5, four terms): t = z + g1 / df + g2 / df^2 + g3 / df^3. -#}
{% macro student_t_quantile(z, df) -%}
    {%- set z = 'cast(' ~ z ~ ' as ' ~ type_double() ~ ')' -%}
    {%- set df = 'cast(' ~ df ~ ' as ' ~ type_double() ~ ')' -%}
    (({{ z }})
        + (({{ z }}) * ({{ z }}) * ({{ z }}) + ({{ z }})) / (4.0 * ({{ df }}))
        + (5.0 * power({{ z }}, 5) + 16.0 * power({{ z }}, 3) + 3.0 * ({{ z }}))
            / (96.0 * ({{ df }}) * ({{ df }}))
        + (3.0 * power({{ z }}, 7) + 19.0 * power({{ z }}, 5) + 17.0 * power({{ z }}, 3)
            - 15.0 * ({{ z }}))
            / (384.0 * ({{ df }}) * ({{ df }}) * ({{ df }})))
{%- endmacro %}
