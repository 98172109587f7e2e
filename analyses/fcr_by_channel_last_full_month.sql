-- Which channels resolve at first contact, last full month?
with monthly as (
    select * from {{ ref('mart_ticket_kpis_monthly') }}
    where slice_name = 'channel'
),

last_full_month as (
    select max(period_start) as period_start
    from monthly
    where period_start < (
            select cast({{ dbt.date_trunc('month', 'as_of_at') }} as date)
            from {{ ref('int_as_of') }}
        )
)

select
    monthly.slice_value as channel,
    monthly.tickets_first_resolved,
    monthly.fcr_first_contact,
    monthly.fcr_not_first_contact,
    monthly.fcr_pending,
    monthly.fcr_rate
from monthly
inner join last_full_month
    on monthly.period_start = last_full_month.period_start
order by monthly.fcr_rate
