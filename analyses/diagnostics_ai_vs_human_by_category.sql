-- Where does the AI do as well as people? Per category (all time): the
-- automation resolution rate, and AI-resolved (automated) against
-- human-handled tickets on FCR, reopen rate, CSAT and median resolution time.
with comparison as (
    select * from {{ ref('mart_automation_comparison') }}
    where period_grain = 'all_time'
),

automation as (
    select
        category,
        bot_touched_tickets,
        created_cohort_automated_resolutions,
        automation_resolution_rate
    from comparison
    where handling_class = 'all'
),

ai as (
    select * from comparison
    where handling_class = 'automated'
),

human as (
    select * from comparison
    where handling_class = 'human'
)

select
    automation.category,
    automation.bot_touched_tickets,
    automation.created_cohort_automated_resolutions,
    automation.automation_resolution_rate,
    ai.created_cohort_fcr_rate as ai_fcr_rate,
    human.created_cohort_fcr_rate as human_fcr_rate,
    ai.created_cohort_reopen_rate as ai_reopen_rate,
    human.created_cohort_reopen_rate as human_reopen_rate,
    ai.ticket_csat_rate as ai_ticket_csat_rate,
    human.ticket_csat_rate as human_ticket_csat_rate,
    ai.csat_scored_tickets as ai_csat_scored_tickets,
    human.csat_scored_tickets as human_csat_scored_tickets,
    ai.created_cohort_resolution_minutes_median as ai_resolution_minutes_median,
    human.created_cohort_resolution_minutes_median as human_resolution_minutes_median
from automation
left join ai
    on automation.category = ai.category
left join human
    on automation.category = human.category
order by automation.created_cohort_automated_resolutions desc
