-- Which intervals were understaffed last week, and by how many agents?
-- "Last week" is the last full Monday week before the latest interval with
-- calls. agents_required is the Erlang C requirement for var
-- service_level_target; staffing_gap = agents_required - agents_staffed.
with last_week as (
    select
        {{ dbt.dateadd('day', -7, period_start('week', 'max(interval_start_at)')) }}
            as week_start
    from {{ ref('mart_staffing_interval') }}
)

select
    staffing.interval_start_at,
    staffing.calls_offered,
    staffing.traffic_erlangs,
    staffing.agents_required,
    staffing.agents_staffed,
    staffing.staffing_gap,
    staffing.service_level,
    staffing.expected_service_level
from {{ ref('mart_staffing_interval') }} as staffing
cross join last_week
where staffing.is_understaffed
    and staffing.interval_start_at >= last_week.week_start
    and staffing.interval_start_at < {{ dbt.dateadd('day', 7, 'last_week.week_start') }}
order by staffing.staffing_gap desc, staffing.interval_start_at asc
