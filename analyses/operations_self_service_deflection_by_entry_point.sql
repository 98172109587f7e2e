-- Which self-service entry points deflect contacts best, over all periods and
-- in the last full month (deflection = confirmed_resolved / all sessions)?
with deflection as (
    select * from {{ ref('mart_self_service_deflection') }}
    where slice_name = 'entry_point'
),

last_full_month as (
    select max(period_start) as period_start
    from deflection
    where period_grain = 'month'
        and period_start < (
            select cast({{ dbt.date_trunc('month', 'as_of_at') }} as date)
            from {{ ref('int_as_of') }}
        )
)

select
    overall.entry_point,
    overall.sessions,
    overall.confirmed_resolved_sessions,
    overall.escalated_sessions,
    overall.abandoned_sessions,
    overall.deflection_rate,
    overall.session_abandonment_rate,
    recent.period_start as last_full_month,
    recent.sessions as last_month_sessions,
    recent.deflection_rate as last_month_deflection_rate
from deflection as overall
cross join last_full_month
left join deflection as recent
    on overall.entry_point = recent.entry_point
        and last_full_month.period_start = recent.period_start
where overall.period_grain = 'all'
order by overall.deflection_rate desc
