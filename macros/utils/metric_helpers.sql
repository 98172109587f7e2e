{#- Small helpers shared by the metric marts. -#}

{#- Start of the period (day, week: Monday, month, quarter) containing a timestamp. -#}
{% macro period_start(grain, expr) -%}
    cast({{ dbt.date_trunc(grain, expr) }} as date)
{%- endmacro %}

{#- numerator / denominator as a double; null when the denominator is 0 or null. -#}
{% macro safe_ratio(numerator, denominator) -%}
    (cast({{ numerator }} as {{ type_double() }})
        / nullif(cast({{ denominator }} as {{ type_double() }}), 0))
{%- endmacro %}

{#- The later / earlier of two timestamps (portable greatest / least). -#}
{% macro later_of(a, b) -%}
    case when {{ a }} > {{ b }} then {{ a }} else {{ b }} end
{%- endmacro %}

{% macro earlier_of(a, b) -%}
    case when {{ a }} < {{ b }} then {{ a }} else {{ b }} end
{%- endmacro %}

{#- Seconds two overlapping spans [start_a, end_a) and [start_b, end_b) share
    (callers join on the overlap, so it is never negative). -#}
{% macro overlap_seconds(start_a, end_a, start_b, end_b) -%}
    {{ seconds_between(later_of(start_a, start_b), earlier_of(end_a, end_b)) }}
{%- endmacro %}

{#- The tenure band of a number of days (var tenure_band_days = [a, b]):
    under_a_days (< a, including negative), a_to_b_days (a..b inclusive),
    over_b_days (> b); null for null days. -#}
{% macro tenure_band(days_expr) -%}
    {#- a malformed value is reported by validate_project_vars at run start;
        the guard only keeps parsing from failing first -#}
    {%- set bands = var('tenure_band_days') -%}
    {%- if bands is string or bands is not iterable or bands | length != 2 -%}
        {%- set bands = [90, 365] -%}
    {%- endif -%}
    case
        when {{ days_expr }} < {{ bands[0] }} then 'under_{{ bands[0] }}_days'
        when {{ days_expr }} <= {{ bands[1] }} then '{{ bands[0] }}_to_{{ bands[1] }}_days'
        when {{ days_expr }} > {{ bands[1] }} then 'over_{{ bands[1] }}_days'
    end
{%- endmacro %}

{#- The label columns of a `group by cube(period_start, first, second)`
    whose inputs are never null (so a null marks a rolled-up column):
    period_grain (month, or all when period_start is rolled up), period_start,
    slice_name (overall, first, second or first_second) and the two columns
    with 'all' where rolled up. -#}
{% macro cube_slice_labels(first, second) -%}
    case when period_start is null then 'all' else 'month' end as period_grain,
    period_start,
    case
        when {{ first }} is null and {{ second }} is null then 'overall'
        when {{ second }} is null then '{{ first }}'
        when {{ first }} is null then '{{ second }}'
        else '{{ first }}_{{ second }}'
    end as slice_name,
    coalesce({{ first }}, 'all') as {{ first }},
    coalesce({{ second }}, 'all') as {{ second }}
{%- endmacro %}

{#- Exact continuous percentiles per group that spill to disk. DuckDB's
    quantile_cont keeps every value of every group in memory until the
    aggregate ends, which does not fit for ten million tickets times their
    slices; a window sort spills. A select (use it as a CTE body) with one row
    per group of relation `source` that has a non-null `value`: the group
    columns and one column per entry of `fractions` (output name -> p in
    0..1). The values are ranked by a window over a narrow projection (groups
    and value only, nulls dropped, so the sort that spills is small), then an
    ordinary aggregate picks the two neighbours of position (n - 1) * p
    (counted from 0, ascending) and interpolates between them, as
    percentile_cont does. Same SQL on every engine. -#}
{% macro exact_percentiles(source, group_columns, value, fractions) -%}
    {%- set groups = group_columns | join(', ') -%}
    select
        {{ groups }},
        {%- for name, p in fractions.items() %}
        {%- set position -%}
            (cast(percentile_count - 1 as {{ type_double() }}) * {{ p }})
        {%- endset -%}
        {%- set lower -%}
            max(case when percentile_rank = floor({{ position }}) then percentile_value end)
        {%- endset %}
        {{ lower }}
        + max({{ position }} - floor({{ position }}))
        * (max(case when percentile_rank = ceil({{ position }}) then percentile_value end)
            - {{ lower }}) as {{ name }}{{ ',' if not loop.last }}
        {%- endfor %}
    from (
        select
            {{ groups }},
            {{ value }} as percentile_value,
            row_number() over (partition by {{ groups }} order by {{ value }}) - 1
                as percentile_rank,
            count(*) over (partition by {{ groups }}) as percentile_count
        from {{ source }}
        where {{ value }} is not null
    ) as ranked
    group by {{ groups }}
{%- endmacro %}

{#- The first day of the period of grain `grain_column` (a column holding
    day, week, month or quarter) that contains `expr`: period_start at a
    grain chosen per row. -#}
{% macro period_start_at_grain(grain_column, expr) -%}
    case {{ grain_column }}
        {%- for grain in ['day', 'week', 'month', 'quarter'] %}
        when '{{ grain }}' then {{ period_start(grain, expr) }}
        {%- endfor %}
    end
{%- endmacro %}

{#- Whether the period of grain `grain` (day, week, month, quarter; a literal) that
    starts at `period_start` has ended at `as_of` (SPEC: a period row says
    whether it is final). A period that ends exactly at as_of is complete. -#}
{% macro is_period_complete(grain, period_start, as_of) -%}
    {#- a quarter is 3 months: PostgreSQL has no interval '1 quarter' -#}
    {%- set step = ('month', 3) if grain == 'quarter' else (grain, 1) -%}
    ({{ dbt.dateadd(step[0], step[1], period_start) }} <= {{ as_of }})
{%- endmacro %}

{#- is_period_complete at a grain chosen per row (a column holding day,
    week, month or quarter). -#}
{% macro is_period_complete_at_grain(grain_column, period_start, as_of) -%}
    case {{ grain_column }}
        {%- for grain in ['day', 'week', 'month', 'quarter'] %}
        when '{{ grain }}' then {{ is_period_complete(grain, period_start, as_of) }}
        {%- endfor %}
    end
{%- endmacro %}

{#- The rows of a calendar: one per date from first_day to last_day (SQL
    expressions, e.g. scalar subqueries), with date_day and day_of_week
    (0 = Monday). The body of int_calendar_days and
    int_business_calendar_days. -#}
{% macro calendar_day_rows(first_day, last_day) -%}
    select
        days.date_day,
        {{ iso_day_of_week_index('days.date_day') }} as day_of_week
    from ({{ date_series(first_day, last_day) }}) as days
{%- endmacro %}
