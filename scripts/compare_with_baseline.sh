#!/usr/bin/env bash
# Compares a warehouse built before the redesign (BASELINE) with one built now
# (OTHER), row by row, with the public column renames of CHANGELOG.md mapped
# (mart_ticket_kpis is new: it holds the three KPI marts, compared each; the
# two as_of columns of dq_build_metadata are new too, from issue 18; backlog
# growth, its alert and the insights it feeds were fixed on purpose in issue
# 19: reopens count; and in issue 19 the FCR counts (matured tickets only),
# the SLA verdicts (SLA policies and clocks), the trend scoring and series
# names, the scorecard's window counts, the AI vs human comparison and the
# automation candidates changed on purpose, see CHANGELOG.md). Columns and
# relations added since are not compared (--new-ok).
#   scripts/compare_with_baseline.sh BASELINE.duckdb OTHER.duckdb
set -euo pipefail
cd "$(dirname "$0")/.."
baseline=${1:?baseline warehouse}; other=${2:?other warehouse}
exec .venv/bin/python -m supportwh_dev.compare_engines \
  --duckdb "$baseline" --other-duckdb "$other" \
  --exclude dq_raw_row_counts.file_path \
  --exclude dq_build_metadata.as_of_source \
  --exclude dq_build_metadata.is_as_of_before_latest_data \
  --exclude mart_ticket_kpis_daily.backlog_growth_rate \
  --exclude mart_ticket_kpis_daily.fcr_first_contact \
  --exclude mart_ticket_kpis_daily.fcr_not_first_contact \
  --exclude mart_ticket_kpis_daily.fcr_pending \
  --exclude mart_ticket_kpis_daily.fcr_rate \
  --exclude mart_ticket_kpis_daily.first_response_sla_measured \
  --exclude mart_ticket_kpis_daily.first_response_sla_breached \
  --exclude mart_ticket_kpis_daily.first_response_sla_breach_rate \
  --exclude mart_ticket_kpis_daily.resolution_sla_measured \
  --exclude mart_ticket_kpis_daily.resolution_sla_breached \
  --exclude mart_ticket_kpis_daily.resolution_sla_breach_rate \
  --exclude mart_ticket_kpis_weekly.backlog_growth_rate \
  --exclude mart_ticket_kpis_weekly.fcr_first_contact \
  --exclude mart_ticket_kpis_weekly.fcr_not_first_contact \
  --exclude mart_ticket_kpis_weekly.fcr_pending \
  --exclude mart_ticket_kpis_weekly.fcr_rate \
  --exclude mart_ticket_kpis_weekly.first_response_sla_measured \
  --exclude mart_ticket_kpis_weekly.first_response_sla_breached \
  --exclude mart_ticket_kpis_weekly.first_response_sla_breach_rate \
  --exclude mart_ticket_kpis_weekly.resolution_sla_measured \
  --exclude mart_ticket_kpis_weekly.resolution_sla_breached \
  --exclude mart_ticket_kpis_weekly.resolution_sla_breach_rate \
  --exclude mart_ticket_kpis_monthly.backlog_growth_rate \
  --exclude mart_ticket_kpis_monthly.fcr_first_contact \
  --exclude mart_ticket_kpis_monthly.fcr_not_first_contact \
  --exclude mart_ticket_kpis_monthly.fcr_pending \
  --exclude mart_ticket_kpis_monthly.fcr_rate \
  --exclude mart_ticket_kpis_monthly.first_response_sla_measured \
  --exclude mart_ticket_kpis_monthly.first_response_sla_breached \
  --exclude mart_ticket_kpis_monthly.first_response_sla_breach_rate \
  --exclude mart_ticket_kpis_monthly.resolution_sla_measured \
  --exclude mart_ticket_kpis_monthly.resolution_sla_breached \
  --exclude mart_ticket_kpis_monthly.resolution_sla_breach_rate \
  --exclude mart_ticket_kpis_weekly.is_backlog_growth_alert \
  --exclude mart_insights \
  --exclude mart_ticket_kpis \
  --new-ok \
  --exclude mart_automation_comparison.created_cohort_fcr_decided \
  --exclude mart_automation_comparison.created_cohort_fcr_first_contact \
  --exclude mart_automation_comparison.created_cohort_fcr_rate \
  --exclude mart_automation_comparison.created_cohort_reopen_rate \
  --exclude mart_automation_comparison.created_cohort_reopen_window_elapsed \
  --exclude mart_automation_comparison.created_cohort_resolution_minutes_median \
  --exclude mart_automation_comparison.created_cohort_tickets_reopened_within_window \
  --exclude mart_automation_comparison.csat_scored_tickets \
  --exclude mart_automation_comparison.csat_satisfied_tickets \
  --exclude mart_automation_comparison.ticket_csat_rate \
  --exclude mart_automation_comparison.ticket_csat_average \
  --exclude mart_kpi_trends \
  --exclude mart_reopen_analysis \
  --exclude fact_ticket.first_response_target_minutes \
  --exclude fact_ticket.resolution_target_minutes \
  --exclude fact_ticket.is_first_response_sla_breached \
  --exclude fact_ticket.is_resolution_sla_breached \
  --exclude fact_ticket.is_sla_in_business_hours \
  --exclude mart_agent_scorecard_weekly.agent_fcr_first_contact \
  --exclude mart_agent_scorecard_weekly.agent_fcr_decided \
  --exclude mart_agent_scorecard_weekly.agent_fcr_rate \
  --exclude mart_agent_scorecard_weekly.tickets_reopened \
  --exclude mart_agent_scorecard_weekly.agent_resolved_reopen_rate \
  --exclude mart_agent_scorecard_weekly.previous_agent_resolved_reopen_rate \
  --exclude mart_agent_scorecard_weekly.agent_resolved_reopen_rate_change \
  --exclude mart_agent_scorecard_weekly.is_speed_trap \
  --exclude mart_category_economics.fcr_first_contact \
  --exclude mart_category_economics.fcr_not_first_contact \
  --exclude mart_category_economics.fcr_rate \
  --exclude mart_category_economics.volume_score \
  --exclude mart_category_economics.agent_hours_score \
  --exclude mart_category_economics.consistency_score \
  --exclude mart_category_economics.automation_potential_score \
  --exclude mart_category_economics.automation_potential_rank \
  --rename mart_agent_scorecard_weekly.reopen_rate=mart_agent_scorecard_weekly.agent_resolved_reopen_rate \
  --rename mart_agent_scorecard_weekly.previous_reopen_rate=mart_agent_scorecard_weekly.previous_agent_resolved_reopen_rate \
  --rename mart_agent_scorecard_weekly.reopen_rate_change=mart_agent_scorecard_weekly.agent_resolved_reopen_rate_change \
  --rename mart_agent_scorecard_weekly.escalation_rate=mart_agent_scorecard_weekly.agent_escalation_rate \
  --rename mart_agent_scorecard_weekly.aht_seconds=mart_agent_scorecard_weekly.agent_aht_seconds \
  --rename mart_agent_scorecard_weekly.previous_aht_seconds=mart_agent_scorecard_weekly.previous_agent_aht_seconds \
  --rename mart_agent_scorecard_weekly.aht_relative_change=mart_agent_scorecard_weekly.agent_aht_relative_change \
  --rename mart_agent_scorecard_weekly.handle_seconds=mart_agent_scorecard_weekly.agent_handle_seconds \
  --rename mart_agent_scorecard_weekly.tickets_with_handle_time=mart_agent_scorecard_weekly.tickets_with_agent_handle_time \
  --rename mart_agent_scorecard_weekly.csat=mart_agent_scorecard_weekly.ticket_csat_rate \
  --rename mart_agent_scorecard_weekly.csat_average=mart_agent_scorecard_weekly.ticket_csat_average \
  --rename mart_agent_scorecard_weekly.csat_responses=mart_agent_scorecard_weekly.csat_scored_tickets \
  --rename mart_agent_scorecard_weekly.csat_satisfied=mart_agent_scorecard_weekly.csat_satisfied_tickets \
  --rename mart_agent_scorecard_weekly.is_csat_low_sample=mart_agent_scorecard_weekly.is_agent_csat_low_sample \
  --rename mart_agent_scorecard_weekly.tickets_escalated=mart_agent_scorecard_weekly.tickets_escalated_by_agent \
  --rename mart_agent_scorecard_weekly.is_aht_outlier=mart_agent_scorecard_weekly.has_aht_outlier_tier \
  --rename mart_agent_aht_tier_weekly.aht_seconds=mart_agent_aht_tier_weekly.agent_aht_seconds \
  --rename mart_agent_aht_tier_weekly.handle_seconds=mart_agent_aht_tier_weekly.agent_handle_seconds \
  --rename mart_agent_aht_tier_weekly.tickets_with_handle_time=mart_agent_aht_tier_weekly.tickets_with_agent_handle_time \
  --rename mart_self_service_deflection.escalation_rate=mart_self_service_deflection.session_escalation_rate \
  --rename mart_self_service_deflection.abandonment_rate=mart_self_service_deflection.session_abandonment_rate \
  --rename mart_automation_comparison.csat_rate=mart_automation_comparison.ticket_csat_rate \
  --rename mart_automation_comparison.csat_average=mart_automation_comparison.ticket_csat_average \
  --rename mart_automation_comparison.csat_responses=mart_automation_comparison.csat_scored_tickets \
  --rename mart_automation_comparison.csat_satisfied_responses=mart_automation_comparison.csat_satisfied_tickets \
  --rename mart_automation_comparison.tickets_resolved=mart_automation_comparison.created_tickets_resolved \
  --rename mart_agent_scorecard_weekly.fcr_first_contact=mart_agent_scorecard_weekly.agent_fcr_first_contact \
  --rename mart_agent_scorecard_weekly.fcr_decided=mart_agent_scorecard_weekly.agent_fcr_decided \
  --rename mart_agent_scorecard_weekly.fcr_rate=mart_agent_scorecard_weekly.agent_fcr_rate \
  --rename mart_agent_scorecard_weekly.csat_surveys_sent=mart_agent_scorecard_weekly.agent_csat_surveys_sent \
  --rename mart_agent_scorecard_weekly.csat_surveys_answered=mart_agent_scorecard_weekly.agent_csat_surveys_answered \
  --rename mart_agent_scorecard_weekly.csat_response_rate=mart_agent_scorecard_weekly.agent_csat_response_rate \
  --rename mart_automation_comparison.automated_resolutions=mart_automation_comparison.created_cohort_automated_resolutions \
  --rename mart_automation_comparison.resolution_minutes_median=mart_automation_comparison.created_cohort_resolution_minutes_median \
  --rename mart_automation_comparison.fcr_first_contact=mart_automation_comparison.created_cohort_fcr_first_contact \
  --rename mart_automation_comparison.fcr_decided=mart_automation_comparison.created_cohort_fcr_decided \
  --rename mart_automation_comparison.fcr_rate=mart_automation_comparison.created_cohort_fcr_rate \
  --rename mart_automation_comparison.tickets_reopened_within_window=mart_automation_comparison.created_cohort_tickets_reopened_within_window \
  --rename mart_automation_comparison.reopen_window_elapsed=mart_automation_comparison.created_cohort_reopen_window_elapsed \
  --rename mart_automation_comparison.reopen_rate=mart_automation_comparison.created_cohort_reopen_rate \
  --rename mart_customer_health.csat_responses=mart_customer_health.csat_responses_received \
  --rename mart_customer_health.previous_csat_responses=mart_customer_health.previous_csat_responses_received \
  --rename mart_customer_health.tickets_escalated=mart_customer_health.tickets_first_escalated_in_month \
  --rename mart_customer_health.contacts=mart_customer_health.inbound_tickets_created \
  --rename mart_customer_health.risk_window_contacts=mart_customer_health.risk_window_inbound_tickets \
  --rename mart_team_health_monthly.churn_rate=mart_team_health_monthly.signed_up_churn_rate \
  --rename mart_team_health_monthly.retention_rate=mart_team_health_monthly.signed_up_retention_rate
