{#- One row per period, category and handling class: how much the AI
    resolves on its own.
    - Cohort: tickets created in the period (period_grain month: the month
      of created_at; all_time: every ticket, period_month null).
    - handling_class (int_ticket_diagnostic_attributes): automated = an
      automated resolution (SPEC: resolved, a bot replied, no human wrote,
      worked, took a call, was assigned or acted); bot_and_human = a bot
      replied and a human touched it; human = a human touched it and no bot
      replied; bot_only_unresolved = only a bot replied and the ticket is not
      resolved; untouched = neither. 'all' is the roll-up over the classes,
      and category 'all' over the categories ('unknown' = no category).
    - automation_resolution_rate = created_cohort_automated_resolutions /
      bot_touched_tickets (SPEC; read it on handling_class 'all').
    - The quality of AI against human resolutions (FCR, reopen, CSAT,
      resolution time) is mart_ai_vs_human: a handling class describes the
      whole ticket, not who resolved it, so comparing quality by it would
      favour the bot by construction (a bot resolution the customer reopened
      and a person finished is bot_and_human). -#}
with tickets as (
    select * from {{ ref('fact_ticket') }}
),

attributes as (
    select * from {{ ref('int_ticket_diagnostic_attributes') }}
),

as_of as (
    select as_of_at from {{ ref('int_as_of') }}
),

classified as (
    select
        {{ period_start('month', 'tickets.created_at') }} as period_month,
        coalesce(tickets.category, 'unknown') as category,
        attributes.handling_class,
        tickets.is_bot_touched,
        tickets.is_automated_resolution,
        tickets.resolved_at
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
        count(resolved_at) as created_tickets_resolved
    from classified
    group by cube(period_month, category, handling_class)
),

final as (
    select
        aggregated.period_grain,
        aggregated.period_month,
        -- null on the all_time rows (no period)
        {{ is_period_complete('month', 'aggregated.period_month', 'as_of.as_of_at') }}
            as is_period_complete,
        -- a null from cube() is the roll-up (category and class never are)
        coalesce(aggregated.category, 'all') as category,
        coalesce(aggregated.handling_class, 'all') as handling_class,
        aggregated.tickets_created,
        aggregated.bot_touched_tickets,
        -- created_cohort_: the KPI marts' automated_resolutions counts
        -- tickets resolved in the period
        aggregated.automated_resolutions as created_cohort_automated_resolutions,
        {{ safe_ratio('aggregated.automated_resolutions', 'aggregated.bot_touched_tickets') }}
            as automation_resolution_rate,
        aggregated.created_tickets_resolved
    from aggregated
    cross join as_of
)

select * from final
