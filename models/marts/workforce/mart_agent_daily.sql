{#- One row per agent and UTC day with any status, schedule or ticket
    activity: status and schedule minutes, tickets handled and resolved,
    utilization, occupancy, availability and adherence (computed, with the
    weekly grain, in int_agent_workforce_periods). is_period_complete: the
    day has ended at as_of. -#}
with agent_periods as (
    select * from {{ ref('int_agent_workforce_periods') }}
    where grain = 'day'
),

as_of as (
    select as_of_at from {{ ref('int_as_of') }}
),

periods as (
    select
        agent_periods.*,
        {{ is_period_complete('day', 'agent_periods.period_start', 'as_of.as_of_at') }}
            as is_period_complete
    from agent_periods
    cross join as_of
),

final as (
    select
        agent_id,
        period_start,
        is_period_complete,
        team,
        tier,
        is_bot,
        available_minutes,
        handling_minutes,
        after_call_work_minutes,
        break_minutes,
        meeting_minutes,
        training_minutes,
        offline_minutes,
        scheduled_work_minutes,
        scheduled_break_minutes,
        scheduled_meeting_minutes,
        scheduled_training_minutes,
        adherent_minutes,
        tickets_handled,
        work_session_minutes,
        tickets_resolved,
        logged_minutes,
        productive_minutes,
        staffed_minutes,
        scheduled_minutes,
        utilization,
        occupancy,
        availability,
        adherence
    from periods
)

select * from final
