-- SPEC 2 agent time classes nest: productive (handling + after-call work)
-- is part of staffed (available + handling + after-call work), which is
-- part of logged time (all statuses), so per agent-day and agent-week
-- productive <= staffed <= logged (and utilization, occupancy <= 1).
{%- set grains = ['daily', 'weekly'] %}
with agent_periods as (
    {%- for grain in grains %}
        select
            '{{ grain }}' as grain,
            agent_id,
            period_start,
            productive_minutes,
            staffed_minutes,
            logged_minutes
        from {{ ref('mart_agent_' ~ grain) }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
)

select *
from agent_periods
where productive_minutes > staffed_minutes
    or staffed_minutes > logged_minutes
