-- SPEC 2 agent utilization / occupancy inputs: every status minute of
-- fact_agent_status_interval lands on exactly one agent-day of
-- mart_agent_daily (intervals crossing midnight are split, not dropped or
-- doubled), so per agent the seven status columns add up to the fact's
-- status_minutes. The calendar covers all status intervals of the data.
-- Relative tolerance 1e-6 (sums of fractional minutes).
with fact_minutes as (
    select
        agent_id,
        sum(status_minutes) as status_minutes
    from {{ ref('fact_agent_status_interval') }}
    group by agent_id
),

daily_minutes as (
    select
        agent_id,
        sum(
            available_minutes + handling_minutes + after_call_work_minutes
            + break_minutes + meeting_minutes + training_minutes + offline_minutes
        ) as status_minutes
    from {{ ref('mart_agent_daily') }}
    group by agent_id
),

compared as (
    select
        coalesce(fact_minutes.agent_id, daily_minutes.agent_id) as agent_id,
        coalesce(fact_minutes.status_minutes, 0) as fact_status_minutes,
        coalesce(daily_minutes.status_minutes, 0) as daily_status_minutes
    from fact_minutes
    full outer join daily_minutes
        on fact_minutes.agent_id = daily_minutes.agent_id
)

select *
from compared
where abs(fact_status_minutes - daily_status_minutes)
    > 1e-6 * greatest(abs(fact_status_minutes), 1)
