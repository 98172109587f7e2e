-- Where does the AI do as well as people? Per category (all time): the
-- automation resolution rate, and resolutions made by a bot against
-- resolutions made by a person on FCR, reopen rate (first resolutions, by
-- who made them), CSAT and median resolution time (current resolutions).
with automation as (
    select
        category,
        bot_touched_tickets,
        created_cohort_automated_resolutions,
        automation_resolution_rate
    from {{ ref('mart_automation_comparison') }}
    where period_grain = 'all_time' and handling_class = 'all'
),

comparison as (
    select * from {{ ref('mart_ai_vs_human') }}
    where period_grain = 'all_time'
),

ai as (
    select * from comparison
    where resolver_class = 'bot'
),

human as (
    select * from comparison
    where resolver_class = 'human'
)

select
    automation.category,
    automation.bot_touched_tickets,
    automation.created_cohort_automated_resolutions,
    automation.automation_resolution_rate,
    ai.fcr_rate as ai_fcr_rate,
    human.fcr_rate as human_fcr_rate,
    ai.reopen_rate as ai_reopen_rate,
    human.reopen_rate as human_reopen_rate,
    ai.ticket_csat_rate as ai_ticket_csat_rate,
    human.ticket_csat_rate as human_ticket_csat_rate,
    ai.csat_scored_tickets as ai_csat_scored_tickets,
    human.csat_scored_tickets as human_csat_scored_tickets,
    ai.resolution_minutes_median as ai_resolution_minutes_median,
    human.resolution_minutes_median as human_resolution_minutes_median
from automation
left join ai
    on automation.category = ai.category
left join human
    on automation.category = human.category
order by automation.created_cohort_automated_resolutions desc
