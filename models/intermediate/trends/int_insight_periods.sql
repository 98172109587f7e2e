{#- One row: the latest complete month and week before as_of (the periods
    the insights describe). When the data hold no complete month or week,
    the earliest period of the data is used. -#}
with as_of as (
    select * from {{ ref('int_as_of') }}
),

final as (
    select
        as_of.as_of_at,
        {{ dbt.dateadd('month', -1, period_start('month', 'as_of.as_of_at')) }} as last_full_month,
        {{ dbt.dateadd('day', -7, period_start('week', 'as_of.as_of_at')) }} as last_full_week
    from as_of
)

select
    as_of_at,
    cast(last_full_month as date) as last_full_month,
    cast(last_full_week as date) as last_full_week
from final
