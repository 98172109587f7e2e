-- Whose resolutions bounce back? Reopen rate by the agent of the first
-- resolution (the resolution the reopen window is measured from), all time,
-- against the overall rate; agents with at least 20 decided windows.
with reopens as (
    select * from {{ ref('mart_reopen_analysis') }}
    where period_grain = 'all_time'
),

overall as (
    select reopen_rate as overall_reopen_rate
    from reopens
    where dimension_name = 'overall'
)

select
    reopens.dimension_value as agent_id,
    agents.team,
    agents.is_bot,
    reopens.reopen_window_elapsed as resolved_tickets,
    reopens.tickets_reopened_within_window as reopened_tickets,
    reopens.reopen_rate,
    overall.overall_reopen_rate
from reopens
cross join overall
left join {{ ref('dim_agent') }} as agents
    on reopens.dimension_value = agents.agent_id
where reopens.dimension_name = 'first_resolution_agent'
    and reopens.reopen_window_elapsed >= 20
order by reopens.reopen_rate desc
