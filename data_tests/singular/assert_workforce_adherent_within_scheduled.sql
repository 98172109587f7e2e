-- SPEC 2 adherence = minutes where status matches schedule / scheduled
-- minutes: adherent time is scheduled time, so per agent-day (and
-- agent-week) adherent_minutes <= scheduled_minutes and adherence <= 1.
-- Absolute tolerance 1e-6 minutes (sums of fractional minutes).
{%- set grains = ['daily', 'weekly'] %}
with agent_periods as (
    {%- for grain in grains %}
        select
            '{{ grain }}' as grain,
            agent_id,
            period_start,
            adherent_minutes,
            scheduled_minutes
        from {{ ref('mart_agent_' ~ grain) }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
)

select *
from agent_periods
where adherent_minutes > scheduled_minutes + 1e-6
