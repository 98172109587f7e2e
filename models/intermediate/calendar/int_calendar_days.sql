{#- One row per date covering the data (first timestamp to the later of the
    last timestamp and as_of), padded by var calendar_padding_days. -#}
{%- set padding = var('calendar_padding_days') | int -%}
with as_of as (
    select * from {{ ref('int_as_of') }}
),

bounds as (
    select
        {{ dbt.dateadd('day', -padding, 'cast(first_stamp_at as date)') }} as first_day,
        {{ dbt.dateadd('day', padding,
            'cast(case when as_of_at > last_stamp_at then as_of_at else last_stamp_at end as date)') }}
            as last_day
    from as_of
),

final as (
    {{ calendar_day_rows("(select first_day from bounds)", "(select last_day from bounds)") }}
)

select * from final
