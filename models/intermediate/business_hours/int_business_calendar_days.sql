{#- One row per date of the business-hours calendars: the dates of
    int_calendar_days and var sla_breach_horizon_days more, so that an SLA
    target that runs out after the data still finds its breach instant
    (business_clock_instant). -#}
{%- set horizon = var('sla_breach_horizon_days') | int -%}
with calendar_days as (
    select * from {{ ref('int_calendar_days') }}
),

bounds as (
    select
        min(date_day) as first_day,
        {{ dbt.dateadd('day', horizon, 'max(date_day)') }} as last_day
    from calendar_days
),

final as (
    {{ calendar_day_rows("(select first_day from bounds)", "(select last_day from bounds)") }}
)

select * from final
