{#- One row per period, category and resolver class: AI against human
    resolutions, each resolution judged by who made it (SPEC section 2), so
    a bot's first resolution that the customer reopened counts against the
    bot even when a person finished the ticket.
    - resolver_class (int_ticket_diagnostic_attributes,
      diagnostics_resolver_class): bot, human, unknown, unattributed; 'all'
      is the roll-up, and category 'all' the roll-up over categories
      ('unknown' = no category).
    - FCR and reopen judge the **first** resolution, by its maker
      (first_resolver_class): cohort = tickets first resolved in the period,
      the cohort of the KPI marts, with the same window rule
      (window_metric_counts: only tickets whose window has elapsed, the
      others pending); first_resolution_minutes_median = created_at ->
      first_resolved_at.
    - Resolution time and CSAT judge the **current** resolution, by its
      maker (final_resolver_class): cohort = tickets resolved (resolved_at)
      in the period, as in the KPI marts; ticket_csat_rate = share of those
      tickets whose latest CSAT answer scored 4-5.
    - period_grain month (the month of the cohort's timestamp) or all_time
      (every period, period_month null). -#}
with resolutions as (
    select * from {{ ref('int_ticket_resolution_cohorts') }}
),

as_of as (
    select as_of_at from {{ ref('int_as_of') }}
),

first_resolutions as (
    select
        first_resolution_month as period_month,
        category,
        first_resolver_class as resolver_class,
        first_resolution_minutes,
        fcr_status,
        is_fcr_window_elapsed,
        is_reopened_within_window,
        is_reopen_window_elapsed
    from resolutions
),

final_resolutions as (
    select
        final_resolution_month as period_month,
        category,
        final_resolver_class as resolver_class,
        resolution_minutes,
        csat_score
    from resolutions
    where final_resolution_month is not null
),

first_judged as (
    select
        case when grouping(period_month) = 1 then 'all_time' else 'month' end as period_grain,
        period_month,
        coalesce(category, 'all') as category,
        coalesce(resolver_class, 'all') as resolver_class,
        count(*) as tickets_first_resolved,
        {{ percentile_cont('first_resolution_minutes', 0.5) }} as first_resolution_minutes_median,
        {{ window_metric_counts() | indent(8) }}
    from first_resolutions
    group by cube(period_month, category, resolver_class)
),

final_judged as (
    select
        case when grouping(period_month) = 1 then 'all_time' else 'month' end as period_grain,
        period_month,
        coalesce(category, 'all') as category,
        coalesce(resolver_class, 'all') as resolver_class,
        count(*) as tickets_resolved,
        {{ percentile_cont('resolution_minutes', 0.5) }} as resolution_minutes_median,
        count(csat_score) as csat_scored_tickets,
        count(case when csat_score >= 4 then 1 end) as csat_satisfied_tickets,
        avg(csat_score) as ticket_csat_average
    from final_resolutions
    group by cube(period_month, category, resolver_class)
),

keys as (
    select
        period_grain,
        period_month,
        category,
        resolver_class
    from first_judged
    union
    select
        period_grain,
        period_month,
        category,
        resolver_class
    from final_judged
),

final as (
    select
        keys.period_grain,
        keys.period_month,
        -- null on the all_time rows (no period)
        {{ is_period_complete('month', 'keys.period_month', 'as_of.as_of_at') }}
            as is_period_complete,
        keys.category,
        keys.resolver_class,
        coalesce(first_judged.tickets_first_resolved, 0) as tickets_first_resolved,
        first_judged.first_resolution_minutes_median,
        {{ window_metric_rates('first_judged') | indent(8) }},
        coalesce(final_judged.tickets_resolved, 0) as tickets_resolved,
        final_judged.resolution_minutes_median,
        coalesce(final_judged.csat_scored_tickets, 0) as csat_scored_tickets,
        coalesce(final_judged.csat_satisfied_tickets, 0) as csat_satisfied_tickets,
        {{ safe_ratio('final_judged.csat_satisfied_tickets', 'final_judged.csat_scored_tickets') }}
            as ticket_csat_rate,
        final_judged.ticket_csat_average
    from keys
    cross join as_of
    left join first_judged
        on keys.period_grain = first_judged.period_grain
            and keys.category = first_judged.category
            and keys.resolver_class = first_judged.resolver_class
            and keys.period_month is not distinct from first_judged.period_month
    left join final_judged
        on keys.period_grain = final_judged.period_grain
            and keys.category = final_judged.category
            and keys.resolver_class = final_judged.resolver_class
            and keys.period_month is not distinct from final_judged.period_month
)

select * from final
