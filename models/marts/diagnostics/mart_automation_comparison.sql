{#- One row per period, category and handling class: how well the AI
    resolves, and AI-handled against human-handled tickets.
    - Cohort: tickets created in the period (period_grain month: the month
      of created_at; all_time: every ticket, period_month null), for every
      column, so the classes are compared on the same tickets. Recent months
      are still maturing (open tickets, FCR pending, reopen windows running).
    - handling_class (int_ticket_diagnostic_attributes): automated = an
      automated resolution (SPEC: resolved, a bot replied, no human wrote,
      worked, took a call, was assigned or acted); bot_and_human = a bot
      replied and a human touched it; human = a human touched it and no bot
      replied; bot_only_unresolved = only a bot replied and the ticket is not
      resolved; untouched = neither. 'all' is the roll-up over the classes,
      and category 'all' over the categories ('unknown' = no category).
    - automation_resolution_rate = created_cohort_automated_resolutions /
      bot_touched_tickets
      (SPEC; read it on handling_class 'all').
    - The created_cohort_ prefix marks the measures whose names the KPI marts
      use for other cohorts: created_cohort_fcr_rate = first_contact /
      (first_contact + not_first_contact); created_cohort_reopen_rate over
      tickets whose reopen window has elapsed;
      ticket_csat_rate = share of tickets whose latest CSAT response scored
      4-5 (csat_satisfied_tickets / csat_scored_tickets), ticket_csat_average
      their mean; created_tickets_resolved and
      created_cohort_resolution_minutes_median over tickets resolved now. -#}
with tickets as (
    select * from {{ ref('fact_ticket') }}
),

attributes as (
    select * from {{ ref('int_ticket_diagnostic_attributes') }}
),

classified as (
    select
        {{ period_start('month', 'tickets.created_at') }} as period_month,
        coalesce(tickets.category, 'unknown') as category,
        attributes.handling_class,
        tickets.is_bot_touched,
        tickets.is_automated_resolution,
        tickets.resolved_at,
        tickets.resolution_minutes,
        tickets.fcr_status,
        tickets.is_reopened_within_window,
        tickets.is_reopen_window_elapsed,
        tickets.csat_score
    from tickets
    inner join attributes
        on tickets.ticket_id = attributes.ticket_id
),

aggregated as (
    select
        period_month,
        category,
        handling_class,
        case when grouping(period_month) = 1 then 'all_time' else 'month' end as period_grain,
        count(*) as tickets_created,
        count(case when is_bot_touched then 1 end) as bot_touched_tickets,
        count(case when is_automated_resolution then 1 end) as automated_resolutions,
        count(resolved_at) as created_tickets_resolved,
        {{ percentile_cont('resolution_minutes', 0.5) }} as resolution_minutes_median,
        count(case when fcr_status = 'first_contact' then 1 end) as fcr_first_contact,
        count(case when fcr_status = 'not_first_contact' then 1 end)
            as fcr_not_first_contact,
        count(case when is_reopened_within_window and is_reopen_window_elapsed then 1 end)
            as tickets_reopened_within_window,
        count(case when is_reopen_window_elapsed then 1 end) as reopen_window_elapsed,
        count(csat_score) as csat_scored_tickets,
        count(case when csat_score >= 4 then 1 end) as csat_satisfied_tickets,
        avg(csat_score) as ticket_csat_average
    from classified
    group by cube(period_month, category, handling_class)
),

final as (
    select
        period_grain,
        period_month,
        -- a null from cube() is the roll-up (category and class never are)
        coalesce(category, 'all') as category,
        coalesce(handling_class, 'all') as handling_class,
        tickets_created,
        bot_touched_tickets,
        -- created_cohort_: the KPI marts' measures of these names take other
        -- cohorts (tickets resolved or first resolved in the period)
        automated_resolutions as created_cohort_automated_resolutions,
        {{ safe_ratio('automated_resolutions', 'bot_touched_tickets') }}
            as automation_resolution_rate,
        created_tickets_resolved,
        resolution_minutes_median as created_cohort_resolution_minutes_median,
        fcr_first_contact as created_cohort_fcr_first_contact,
        fcr_first_contact + fcr_not_first_contact as created_cohort_fcr_decided,
        {{ safe_ratio('fcr_first_contact', 'fcr_first_contact + fcr_not_first_contact') }}
            as created_cohort_fcr_rate,
        tickets_reopened_within_window as created_cohort_tickets_reopened_within_window,
        reopen_window_elapsed as created_cohort_reopen_window_elapsed,
        {{ safe_ratio('tickets_reopened_within_window', 'reopen_window_elapsed') }}
            as created_cohort_reopen_rate,
        csat_scored_tickets,
        csat_satisfied_tickets,
        {{ safe_ratio('csat_satisfied_tickets', 'csat_scored_tickets') }} as ticket_csat_rate,
        ticket_csat_average
    from aggregated
)

select * from final
