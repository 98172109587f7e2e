{#- One row per agent and week (Monday, UTC) with any activity: the measures
    of mart_agent_daily over the week (computed in
    int_agent_workforce_periods) and the sustained utilization flags: above
    var utilization_high_threshold (below utilization_low_threshold) in each
    of the last utilization_sustained_weeks consecutive weeks.
    is_period_complete: the week has ended at as_of. -#}
{%- set weeks = var('utilization_sustained_weeks') | int -%}
with agent_periods as (
    select * from {{ ref('int_agent_workforce_periods') }}
    where grain = 'week'
),

as_of as (
    select as_of_at from {{ ref('int_as_of') }}
),

periods as (
    select
        agent_periods.*,
        {{ is_period_complete('week', 'agent_periods.period_start', 'as_of.as_of_at') }}
            as is_period_complete
    from agent_periods
    cross join as_of
),

sustained as (
    select
        *,
        -- the window's rows must be consecutive weeks (no week without a row)
        min(period_start) over (
            partition by agent_id
            order by period_start
            rows between {{ weeks - 1 }} preceding and current row
        ) = {{ dbt.dateadd('day', -7 * (weeks - 1), 'period_start') }}
            as is_run_of_consecutive_weeks,
        count(case when utilization > {{ var('utilization_high_threshold') }} then 1 end) over (
            partition by agent_id
            order by period_start
            rows between {{ weeks - 1 }} preceding and current row
        ) as high_utilization_weeks,
        count(case when utilization < {{ var('utilization_low_threshold') }} then 1 end) over (
            partition by agent_id
            order by period_start
            rows between {{ weeks - 1 }} preceding and current row
        ) as low_utilization_weeks
    from periods
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
        adherence,
        high_utilization_weeks = {{ weeks }} and is_run_of_consecutive_weeks
            as is_sustained_high_utilization,
        low_utilization_weeks = {{ weeks }} and is_run_of_consecutive_weeks
            as is_sustained_low_utilization
    from sustained
)

select * from final
