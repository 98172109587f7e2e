{#- One row per UTC day from the first day of the data to the last day the
    ticket KPI marts cover (as_of, or the latest stamp when later): the time
    spine of MetricFlow (dbt `time_spine:` config in _semantic__models.yml).
    MetricFlow joins it for cumulative metrics (the open backlog), which it
    reports for every spine day: a spine ending at as_of keeps the backlog
    from running on into days the data has not reached. The days come from
    dbt's cross-database generate_series (at most 16,384 days, about 44
    years, with no query at compile time) and dateadd, the same SQL on
    DuckDB, PostgreSQL and Spark. -#}
{%- set max_days = 16384 %}
with as_of as (
    select * from {{ ref('int_as_of') }}
),

day_numbers as (
    {{ dbt.generate_series(max_days) | indent(4) }}
),

bounds as (
    select
        cast(as_of.first_stamp_at as date) as first_day,
        {{ ticket_kpis_end_date('as_of') }} as last_day
    from as_of
),

days as (
    select
        cast(
            {{ dbt.dateadd('day', 'day_numbers.generated_number - 1', 'bounds.first_day') }}
            as date
        ) as date_day,
        bounds.last_day
    from day_numbers
    cross join bounds
),

final as (
    select date_day
    from days
    where date_day <= last_day
)

select * from final
