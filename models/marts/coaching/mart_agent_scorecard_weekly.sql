{#- One row per agent and week (Monday, UTC) with any ticket work, any
    resolution, or a resolved ticket the agent was first assigned to: the
    coaching scorecard.
    - tickets_worked: tickets the agent worked that week (a session, an
      answered call, a public reply or an escalation); tickets_resolved:
      tickets whose resolver (fact_ticket.resolved_by_agent_id) is the agent,
      by week of resolved_at.
    - agent_aht_seconds: the agent's own handle seconds
      (agent_handle_seconds) per ticket it had handle time on
      (tickets_with_agent_handle_time);
      the tier comparison is mart_agent_aht_tier_weekly, summarised here as
      the largest |z| and whether any tier is an outlier
      (has_aht_outlier_tier).
    - FCR, reopen and CSAT describe the tickets the agent resolved that week
      (the agent_ prefix marks the names the KPI marts use for another
      cohort): agent_fcr_rate = first_contact / (first_contact +
      not_first_contact);
      agent_resolved_reopen_rate = reopened within window / resolved tickets
      whose reopen window after that resolution has elapsed at as_of; both
      count only tickets whose window has elapsed, the others are
      agent_fcr_pending and agent_reopen_pending (SPEC).
    - agent_escalation_rate = tickets the agent escalated
      (tickets_escalated_by_agent) / tickets worked.
    - ticket_csat_rate: share of the latest CSAT answers scoring 4-5 on the
      agent's resolved tickets (csat_satisfied_tickets /
      csat_scored_tickets); normalised by category = agent CSAT minus the CSAT
      the agent would have with the category baselines (share 4-5 of all
      CSAT answers of each category in the warehouse) weighted by the
      agent's own answers per category; agent_csat_response_rate = CSAT
      surveys of those tickets answered / sent (any sent date); low-sample warning below csat_min_response_rate or
      under scorecard_min_surveys answers (is_agent_csat_low_sample).
    - first-assignment accuracy: of the resolved tickets the agent was first
      assigned to, the share the agent resolved.
    - speed trap: against the agent's previous calendar week, AHT fell by at
      least speed_trap_aht_drop_pct percent while the reopen rate rose by at
      least speed_trap_reopen_rise (agent_aht_relative_change,
      agent_resolved_reopen_rate_change). -#}
with agent_ticket_weeks as (
    select * from {{ ref('int_agent_ticket_weeks') }}
),

aht_tiers as (
    select * from {{ ref('mart_agent_aht_tier_weekly') }}
),

tickets as (
    select * from {{ ref('fact_ticket') }}
),

agents as (
    select * from {{ ref('dim_agent') }}
),

as_of as (
    select as_of_at from {{ ref('int_as_of') }}
),

worked as (
    select
        agent_id,
        period_start,
        count(*) as tickets_worked,
        count(case when has_handle_time then 1 end) as tickets_with_agent_handle_time,
        sum(handle_seconds) as agent_handle_seconds,
        count(case when is_escalated_by_agent then 1 end) as tickets_escalated_by_agent
    from agent_ticket_weeks
    group by agent_id, period_start
),

tier_outliers as (
    select
        agent_id,
        period_start,
        max(abs(aht_z_score)) as max_abs_aht_z_score,
        count(case when is_aht_outlier then 1 end) as aht_outlier_tiers
    from aht_tiers
    group by agent_id, period_start
),

category_csat as (
    select
        category,
        {{ safe_ratio('count(case when csat_score >= 4 then 1 end)', 'count(csat_score)') }}
            as category_csat
    from tickets
    where csat_score is not null
    group by category
),

resolved_tickets as (
    select
        tickets.*,
        category_csat.category_csat,
        {{ period_start('week', 'tickets.resolved_at') }} as period_start,
        {{ dbt.dateadd('day', var('reopen_window_days'), 'tickets.resolved_at') }}
        <= as_of.as_of_at as is_resolved_reopen_window_elapsed
    from tickets
    cross join as_of
    left join category_csat
        on tickets.category = category_csat.category
    where tickets.resolved_at is not null and tickets.resolved_by_agent_id is not null
),

resolved as (
    select
        resolved_by_agent_id as agent_id,
        period_start,
        count(*) as tickets_resolved,
        {{ window_metric_counts(metrics=['fcr']) | indent(8) }},
        -- reopen over the tickets whose window after this (last) resolution
        -- has elapsed, the others pending (SPEC: every rate that waits on a
        -- window follows the FCR rule)
        count(case
            when is_reopened_within_window and is_resolved_reopen_window_elapsed then 1
        end) as tickets_reopened,
        count(case when is_resolved_reopen_window_elapsed then 1 end) as reopen_window_elapsed,
        count(case when not is_resolved_reopen_window_elapsed then 1 end) as reopen_pending,
        sum(csat_surveys_sent) as csat_surveys_sent,
        sum(csat_surveys_answered) as csat_surveys_answered,
        count(csat_score) as csat_scored_tickets,
        count(case when csat_score >= 4 then 1 end) as csat_satisfied_tickets,
        avg(csat_score) as ticket_csat_average,
        avg(case when csat_score is not null then category_csat end) as csat_category_baseline
    from resolved_tickets
    group by resolved_by_agent_id, period_start
),

first_assigned as (
    select
        first_assignee_agent_id as agent_id,
        period_start,
        count(*) as first_assigned_resolved,
        count(case when is_resolved_by_first_assignee then 1 end) as resolved_by_first_assignee
    from resolved_tickets
    where first_assignee_agent_id is not null
    group by first_assignee_agent_id, period_start
),

keys as (
    select
        agent_id,
        period_start
    from worked
    union
    select
        agent_id,
        period_start
    from resolved
    union
    select
        agent_id,
        period_start
    from first_assigned
),

measures as (
    select
        keys.agent_id,
        keys.period_start,
        coalesce(worked.tickets_worked, 0) as tickets_worked,
        coalesce(resolved.tickets_resolved, 0) as tickets_resolved,
        coalesce(worked.tickets_with_agent_handle_time, 0) as tickets_with_agent_handle_time,
        coalesce(worked.agent_handle_seconds, 0) as agent_handle_seconds,
        {{ safe_ratio('worked.agent_handle_seconds', 'worked.tickets_with_agent_handle_time') }}
            as agent_aht_seconds,
        tier_outliers.max_abs_aht_z_score,
        coalesce(tier_outliers.aht_outlier_tiers, 0) as aht_outlier_tiers,
        coalesce(resolved.fcr_first_contact, 0) as agent_fcr_first_contact,
        coalesce(resolved.fcr_first_contact + resolved.fcr_not_first_contact, 0)
            as agent_fcr_decided,
        coalesce(resolved.fcr_pending, 0) as agent_fcr_pending,
        {{ safe_ratio('resolved.fcr_first_contact',
            'resolved.fcr_first_contact + resolved.fcr_not_first_contact') }} as agent_fcr_rate,
        coalesce(resolved.tickets_reopened, 0) as tickets_reopened,
        coalesce(resolved.reopen_window_elapsed, 0) as agent_reopen_window_elapsed,
        coalesce(resolved.reopen_pending, 0) as agent_reopen_pending,
        {{ safe_ratio('resolved.tickets_reopened', 'resolved.reopen_window_elapsed') }}
            as agent_resolved_reopen_rate,
        coalesce(worked.tickets_escalated_by_agent, 0) as tickets_escalated_by_agent,
        {{ safe_ratio('worked.tickets_escalated_by_agent', 'worked.tickets_worked') }}
            as agent_escalation_rate,
        coalesce(resolved.csat_surveys_sent, 0) as agent_csat_surveys_sent,
        coalesce(resolved.csat_surveys_answered, 0) as agent_csat_surveys_answered,
        {{ safe_ratio('resolved.csat_surveys_answered', 'resolved.csat_surveys_sent') }}
            as agent_csat_response_rate,
        coalesce(resolved.csat_scored_tickets, 0) as csat_scored_tickets,
        coalesce(resolved.csat_satisfied_tickets, 0) as csat_satisfied_tickets,
        {{ safe_ratio('resolved.csat_satisfied_tickets', 'resolved.csat_scored_tickets') }}
            as ticket_csat_rate,
        resolved.ticket_csat_average,
        resolved.csat_category_baseline,
        coalesce(first_assigned.first_assigned_resolved, 0) as first_assigned_resolved,
        coalesce(first_assigned.resolved_by_first_assignee, 0) as resolved_by_first_assignee,
        {{ safe_ratio('first_assigned.resolved_by_first_assignee',
            'first_assigned.first_assigned_resolved') }} as first_assignment_accuracy
    from keys
    left join worked
        on keys.agent_id = worked.agent_id
            and keys.period_start = worked.period_start
    left join resolved
        on keys.agent_id = resolved.agent_id
            and keys.period_start = resolved.period_start
    left join first_assigned
        on keys.agent_id = first_assigned.agent_id
            and keys.period_start = first_assigned.period_start
    left join tier_outliers
        on keys.agent_id = tier_outliers.agent_id
            and keys.period_start = tier_outliers.period_start
),

with_previous as (
    select
        current_week.*,
        previous_week.agent_aht_seconds as previous_agent_aht_seconds,
        previous_week.agent_resolved_reopen_rate as previous_agent_resolved_reopen_rate,
        current_week.agent_aht_seconds / nullif(previous_week.agent_aht_seconds, 0) - 1
            as agent_aht_relative_change,
        current_week.agent_resolved_reopen_rate - previous_week.agent_resolved_reopen_rate
            as agent_resolved_reopen_rate_change
    from measures as current_week
    left join measures as previous_week
        on current_week.agent_id = previous_week.agent_id
            and {{ dbt.dateadd('day', -7, 'current_week.period_start') }}
            = previous_week.period_start
),

final as (
    select
        with_previous.agent_id,
        with_previous.period_start,
        {{ is_period_complete('week', 'with_previous.period_start', 'as_of.as_of_at') }}
            as is_period_complete,
        agents.agent_name,
        agents.team,
        agents.tier as agent_tier,
        agents.is_bot,
        agents.tenure_band,
        with_previous.tickets_worked,
        with_previous.tickets_resolved,
        with_previous.tickets_with_agent_handle_time,
        with_previous.agent_handle_seconds,
        with_previous.agent_aht_seconds,
        with_previous.max_abs_aht_z_score,
        with_previous.aht_outlier_tiers,
        with_previous.aht_outlier_tiers > 0 as has_aht_outlier_tier,
        with_previous.agent_fcr_first_contact,
        with_previous.agent_fcr_decided,
        with_previous.agent_fcr_pending,
        with_previous.agent_fcr_rate,
        with_previous.tickets_reopened,
        with_previous.agent_reopen_window_elapsed,
        with_previous.agent_reopen_pending,
        with_previous.agent_resolved_reopen_rate,
        with_previous.tickets_escalated_by_agent,
        with_previous.agent_escalation_rate,
        with_previous.agent_csat_surveys_sent,
        with_previous.agent_csat_surveys_answered,
        with_previous.agent_csat_response_rate,
        with_previous.csat_scored_tickets,
        with_previous.csat_satisfied_tickets,
        with_previous.ticket_csat_rate,
        with_previous.ticket_csat_average,
        with_previous.csat_category_baseline,
        with_previous.ticket_csat_rate - with_previous.csat_category_baseline as csat_normalized,
        with_previous.agent_csat_surveys_sent > 0
        and (
            with_previous.csat_scored_tickets < {{ var('scorecard_min_surveys') }}
            or coalesce(with_previous.agent_csat_response_rate, 0)
            < {{ var('csat_min_response_rate') }}
        ) as is_agent_csat_low_sample,
        with_previous.first_assigned_resolved,
        with_previous.resolved_by_first_assignee,
        with_previous.first_assignment_accuracy,
        with_previous.first_assignment_accuracy < {{ var('first_assignment_accuracy_target') }}
            as is_below_first_assignment_target,
        with_previous.previous_agent_aht_seconds,
        with_previous.previous_agent_resolved_reopen_rate,
        with_previous.agent_aht_relative_change,
        with_previous.agent_resolved_reopen_rate_change,
        -- judged on complete weeks only (null on the week holding as_of)
        case
            when {{ is_period_complete('week', 'with_previous.period_start', 'as_of.as_of_at') }}
                then coalesce(
                        with_previous.agent_aht_relative_change
                        <= -{{ var('speed_trap_aht_drop_pct') }} / 100.0
                        and with_previous.agent_resolved_reopen_rate_change
                        >= {{ var('speed_trap_reopen_rise') }},
                        false
                    )
        end as is_speed_trap
    from with_previous
    cross join as_of
    left join agents
        on with_previous.agent_id = agents.agent_id
)

select * from final
