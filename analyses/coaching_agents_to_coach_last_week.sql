-- Whom should team leads talk to this week? Agents of the last full week
-- with an AHT outlier tier, a speed trap, a first-assignment accuracy below
-- target or a CSAT clearly below what their category mix predicts (on a
-- sufficient sample), worst first.
with last_week as (
    select last_full_week from {{ ref('int_insight_periods') }}
)

select
    scorecard.agent_id,
    scorecard.agent_name,
    scorecard.team,
    scorecard.tickets_worked,
    scorecard.tickets_resolved,
    scorecard.agent_aht_seconds,
    scorecard.max_abs_aht_z_score,
    scorecard.has_aht_outlier_tier,
    scorecard.is_speed_trap,
    scorecard.agent_fcr_rate,
    scorecard.agent_resolved_reopen_rate,
    scorecard.ticket_csat_rate,
    scorecard.csat_normalized,
    scorecard.is_agent_csat_low_sample,
    scorecard.first_assignment_accuracy
from {{ ref('mart_agent_scorecard_weekly') }} as scorecard
inner join last_week
    on scorecard.period_start = last_week.last_full_week
where scorecard.has_aht_outlier_tier
    or scorecard.is_speed_trap
    or scorecard.is_below_first_assignment_target
    or (scorecard.csat_normalized < -0.1 and not scorecard.is_agent_csat_low_sample)
order by scorecard.is_speed_trap desc, scorecard.max_abs_aht_z_score desc nulls last
