-- SPEC 2 agent measures at week grain: mart_agent_weekly covers the same
-- minutes as mart_agent_daily, so per agent and week (Monday, UTC) the
-- weekly status, scheduled and adherent minutes (and work-session minutes
-- and tickets resolved) equal the sums over the week's days.
-- Relative tolerance 1e-6 (sums of fractional minutes).
{%- set measures = ['available_minutes', 'handling_minutes', 'after_call_work_minutes',
                    'break_minutes', 'meeting_minutes', 'training_minutes',
                    'offline_minutes', 'scheduled_work_minutes', 'scheduled_break_minutes',
                    'scheduled_meeting_minutes', 'scheduled_training_minutes',
                    'adherent_minutes', 'work_session_minutes', 'tickets_resolved'] %}
with daily_weeks as (
    select
        agent_id,
        {{ period_start('week', 'period_start') }} as week_start,
        {%- for measure in measures %}
            sum({{ measure }}) as {{ measure }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ ref('mart_agent_daily') }}
    group by agent_id, {{ period_start('week', 'period_start') }}
),

weekly as (
    select * from {{ ref('mart_agent_weekly') }}
)

select
    coalesce(weekly.agent_id, daily_weeks.agent_id) as agent_id,
    coalesce(weekly.period_start, daily_weeks.week_start) as week_start,
    {%- for measure in measures %}
        weekly.{{ measure }} as weekly_{{ measure }},
        daily_weeks.{{ measure }} as daily_{{ measure }}{% if not loop.last %},{% endif %}
    {%- endfor %}
from weekly
full outer join daily_weeks
    on weekly.agent_id = daily_weeks.agent_id
        and weekly.period_start = daily_weeks.week_start
where
    {%- for measure in measures %}
        abs(coalesce(weekly.{{ measure }}, 0) - coalesce(daily_weeks.{{ measure }}, 0))
        > 1e-6 * greatest(abs(coalesce(daily_weeks.{{ measure }}, 0)), 1)
        {%- if not loop.last %} or{% endif %}
    {%- endfor %}
