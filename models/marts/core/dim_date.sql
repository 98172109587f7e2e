{#- One row per calendar date covering the data (see int_calendar_days). -#}
with days as (
    select * from {{ ref('int_calendar_days') }}
),

final as (
    select
        date_day,
        cast({{ dbt.date_trunc('week', 'date_day') }} as date) as week_start_date,
        cast({{ dbt.date_trunc('month', 'date_day') }} as date) as month_start_date,
        cast({{ dbt.date_trunc('quarter', 'date_day') }} as date) as quarter_start_date,
        cast(extract(year from date_day) as {{ dbt.type_bigint() }}) as year_number,
        cast(extract(month from date_day) as {{ dbt.type_bigint() }}) as month_number,
        cast(day_of_week as {{ dbt.type_bigint() }}) as day_of_week,
        day_of_week >= 5 as is_weekend
    from days
)

select * from final
