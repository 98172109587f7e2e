-- Two independent computations of the backlog agree: on every complete day
-- and slice, the open tickets of the aging mart (fact_backlog_daily, from the
-- status spells) equal the daily KPI mart's backlog_at_end (a running sum of
-- creations, resolutions and reopens). One row per day and slice that
-- disagrees.
with kpis as (
    select
        period_start,
        slice_name,
        slice_value,
        backlog_at_end
    from {{ ref('mart_ticket_kpis_daily') }}
    where is_period_complete
),

aging as (
    select
        period_start,
        slice_name,
        slice_value,
        open_tickets
    from {{ ref('mart_backlog_aging_daily') }}
    where is_period_complete
),

final as (
    select
        coalesce(kpis.period_start, aging.period_start) as period_start,
        coalesce(kpis.slice_name, aging.slice_name) as slice_name,
        coalesce(kpis.slice_value, aging.slice_value) as slice_value,
        kpis.backlog_at_end,
        aging.open_tickets
    from kpis
    full outer join aging
        on kpis.period_start = aging.period_start
            and kpis.slice_name = aging.slice_name
            and kpis.slice_value = aging.slice_value
    where coalesce(kpis.backlog_at_end, 0) <> coalesce(aging.open_tickets, 0)
)

select * from final
