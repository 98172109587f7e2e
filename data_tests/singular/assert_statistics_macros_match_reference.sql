-- The distribution macros of mart_change_impact (macros/metrics/statistics.sql)
-- against reference values computed offline with scipy.stats (norm.cdf,
-- 2 * norm.sf, 2 * t.sf, norm.isf, t.isf), within the documented error of each
-- approximation: Abramowitz-Stegun 7.1.26 (1.5e-7), Wallace's t (2.1e-4),
-- Abramowitz-Stegun 26.2.23 (4.5e-4), Cornish-Fisher (1e-3 at 12.5 df).
-- Runs on every engine: plain SQL arithmetic.
-- depends_on: {{ ref('mart_change_impact') }}
{%- set cases = [
    ('normal_cdf(-3)', normal_cdf('-3.0'), 0.0013498980316300933, 2e-7),
    ('normal_cdf(-1.5)', normal_cdf('-1.5'), 0.06680720126885807, 2e-7),
    ('normal_cdf(0)', normal_cdf('0.0'), 0.5, 2e-7),
    ('normal_cdf(0.5)', normal_cdf('0.5'), 0.6914624612740131, 2e-7),
    ('normal_cdf(1.96)', normal_cdf('1.959963984540054'), 0.975, 2e-7),
    ('normal_cdf(4)', normal_cdf('4.0'), 0.9999683287581669, 2e-7),
    ('p(z=0)', normal_two_sided_p_value('0.0'), 1.0, 2e-7),
    ('p(z=1)', normal_two_sided_p_value('1.0'), 0.31731050786291415, 2e-7),
    ('p(z=1.96)', normal_two_sided_p_value('1.959963984540054'), 0.05, 2e-7),
    ('p(z=-2.5)', normal_two_sided_p_value('-2.5'), 0.012419330651552265, 2e-7),
    ('p(z=5)', normal_two_sided_p_value('5.0'), 5.733031437583866e-07, 2e-7),
    ('p(z=40)', normal_two_sided_p_value('40.0'), 0.0, 1e-300),
    ('p(t=2, df=10)', student_t_two_sided_p_value('2.0', '10.0'), 0.07338803477074037, 2.1e-4),
    ('p(t=2, df=29.5)', student_t_two_sided_p_value('2.0', '29.5'), 0.054781612584169075, 2.1e-4),
    ('p(t=-3.1, df=60)', student_t_two_sided_p_value('-3.1', '60.0'), 0.002945748669367584, 2.1e-4),
    ('p(t=0.3, df=200)', student_t_two_sided_p_value('0.3', '200.0'), 0.764488730189328, 2.1e-4),
    ('z(0.025)', normal_upper_quantile('0.025'), 1.9599639845400545, 4.5e-4),
    ('z(0.005)', normal_upper_quantile('0.005'), 2.575829303548901, 4.5e-4),
    ('z(0.05)', normal_upper_quantile('0.05'), 1.6448536269514729, 4.5e-4),
    ('z(0.5)', normal_upper_quantile('0.5'), 0.0, 4.5e-4),
    ('t(0.025, df=30)', student_t_quantile('1.9599639845400545', '30.0'), 2.042272456301238, 1e-4),
    ('t(0.025, df=12.5)', student_t_quantile('1.9599639845400545', '12.5'), 2.1691859427125406, 1e-3),
] %}
with cases as (
    {%- for name, expression, expected, tolerance in cases %}
        select
            '{{ name }}' as case_name,
            cast({{ expression }} as {{ type_double() }}) as computed,
            cast({{ expected }} as {{ type_double() }}) as expected,
            cast({{ tolerance }} as {{ type_double() }}) as tolerance
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
)

select *
from cases
where not abs(computed - expected) <= tolerance
