{#- One row per agent, grain (day or week, UTC; weeks start on Monday) and
    period with any status, schedule or ticket activity: minutes per status
    and scheduled activity, tickets handled and resolved, and the SPEC
    section 2 agent rates. The daily and weekly agent marts select their
    grain from here; a week is computed from its agent's raw minutes and
    sessions (tickets handled counts distinct tickets over the week), not by
    adding up days.
    - utilization = (handling + after-call work) / (logged time minus break,
      meeting, training and offline);
    - occupancy = (handling + after-call work) / (available + handling +
      after-call work); with the seven statuses of SPEC section 1 both
      denominators are the same time, so the two rates coincide;
    - availability = (available + handling + after-call work) / scheduled
      work time;
    - adherence = minutes whose status matches the schedule / scheduled
      minutes. -#}
with day_minutes as (
    select * from {{ ref('int_agent_day_minutes') }}
),

work_sessions as (
    select * from {{ ref('stg_helpdesk__work_sessions') }}
),

resolved_tickets as (
    select * from {{ ref('fact_ticket') }}
    where resolved_at is not null and resolved_by_agent_id is not null
),

agents as (
    select * from {{ ref('dim_agent') }}
),

grains as (
    select 'day' as grain
    union all
    select 'week' as grain
),

minutes as (
    select
        day_minutes.agent_id,
        grains.grain,
        {{ period_start_at_grain('grains.grain', 'day_minutes.date_day') }} as period_start,
        sum(case when day_minutes.measure = 'status_available' then day_minutes.minutes end)
            as available_minutes,
        sum(case when day_minutes.measure = 'status_handling' then day_minutes.minutes end)
            as handling_minutes,
        sum(case when day_minutes.measure = 'status_after_call_work' then day_minutes.minutes end)
            as after_call_work_minutes,
        sum(case when day_minutes.measure = 'status_break' then day_minutes.minutes end)
            as break_minutes,
        sum(case when day_minutes.measure = 'status_meeting' then day_minutes.minutes end)
            as meeting_minutes,
        sum(case when day_minutes.measure = 'status_training' then day_minutes.minutes end)
            as training_minutes,
        sum(case when day_minutes.measure = 'status_offline' then day_minutes.minutes end)
            as offline_minutes,
        sum(case when day_minutes.measure = 'scheduled_work' then day_minutes.minutes end)
            as scheduled_work_minutes,
        sum(case when day_minutes.measure = 'scheduled_break' then day_minutes.minutes end)
            as scheduled_break_minutes,
        sum(case when day_minutes.measure = 'scheduled_meeting' then day_minutes.minutes end)
            as scheduled_meeting_minutes,
        sum(case when day_minutes.measure = 'scheduled_training' then day_minutes.minutes end)
            as scheduled_training_minutes,
        sum(case when day_minutes.measure = 'adherent' then day_minutes.minutes end)
            as adherent_minutes
    from day_minutes
    cross join grains
    group by 1, 2, 3
),

handled as (
    select
        work_sessions.agent_id,
        grains.grain,
        {{ period_start_at_grain('grains.grain', 'work_sessions.started_at') }} as period_start,
        count(distinct work_sessions.ticket_id) as tickets_handled,
        sum(
            {{ seconds_between('work_sessions.started_at', 'work_sessions.ended_at') }}
        ) / 60.0 as work_session_minutes
    from work_sessions
    cross join grains
    group by 1, 2, 3
),

resolved as (
    select
        resolved_tickets.resolved_by_agent_id as agent_id,
        grains.grain,
        {{ period_start_at_grain('grains.grain', 'resolved_tickets.resolved_at') }} as period_start,
        count(*) as tickets_resolved
    from resolved_tickets
    cross join grains
    group by 1, 2, 3
),

agent_periods as (
    select
        agent_id,
        grain,
        period_start
    from minutes
    union
    select
        agent_id,
        grain,
        period_start
    from handled
    union
    select
        agent_id,
        grain,
        period_start
    from resolved
),

combined as (
    select
        agent_periods.agent_id,
        agent_periods.grain,
        agent_periods.period_start,
        agents.team,
        agents.tier,
        agents.is_bot,
        coalesce(minutes.available_minutes, 0) as available_minutes,
        coalesce(minutes.handling_minutes, 0) as handling_minutes,
        coalesce(minutes.after_call_work_minutes, 0) as after_call_work_minutes,
        coalesce(minutes.break_minutes, 0) as break_minutes,
        coalesce(minutes.meeting_minutes, 0) as meeting_minutes,
        coalesce(minutes.training_minutes, 0) as training_minutes,
        coalesce(minutes.offline_minutes, 0) as offline_minutes,
        coalesce(minutes.scheduled_work_minutes, 0) as scheduled_work_minutes,
        coalesce(minutes.scheduled_break_minutes, 0) as scheduled_break_minutes,
        coalesce(minutes.scheduled_meeting_minutes, 0) as scheduled_meeting_minutes,
        coalesce(minutes.scheduled_training_minutes, 0) as scheduled_training_minutes,
        coalesce(minutes.adherent_minutes, 0) as adherent_minutes,
        coalesce(handled.tickets_handled, 0) as tickets_handled,
        coalesce(handled.work_session_minutes, 0) as work_session_minutes,
        coalesce(resolved.tickets_resolved, 0) as tickets_resolved
    from agent_periods
    left join minutes
        on agent_periods.agent_id = minutes.agent_id
            and agent_periods.grain = minutes.grain
            and agent_periods.period_start = minutes.period_start
    left join handled
        on agent_periods.agent_id = handled.agent_id
            and agent_periods.grain = handled.grain
            and agent_periods.period_start = handled.period_start
    left join resolved
        on agent_periods.agent_id = resolved.agent_id
            and agent_periods.grain = resolved.grain
            and agent_periods.period_start = resolved.period_start
    left join agents
        on agent_periods.agent_id = agents.agent_id
),

totals as (
    select
        *,
        available_minutes + handling_minutes + after_call_work_minutes + break_minutes
        + meeting_minutes + training_minutes + offline_minutes as logged_minutes,
        handling_minutes + after_call_work_minutes as productive_minutes,
        available_minutes + handling_minutes + after_call_work_minutes as staffed_minutes,
        scheduled_work_minutes + scheduled_break_minutes + scheduled_meeting_minutes
        + scheduled_training_minutes as scheduled_minutes
    from combined
),

final as (
    select
        *,
        -- logged time minus break, meeting, training and offline, summed from
        -- the statuses that remain rather than subtracted (no rounding above 1)
        {{ safe_ratio('productive_minutes',
            'available_minutes + handling_minutes + after_call_work_minutes') }}
            as utilization,
        {{ safe_ratio('productive_minutes', 'staffed_minutes') }} as occupancy,
        {{ safe_ratio('staffed_minutes', 'scheduled_work_minutes') }} as availability,
        {{ safe_ratio('adherent_minutes', 'scheduled_minutes') }} as adherence
    from totals
)

select * from final
