{#- One row per period, dimension_name and dimension_value: the reopen rate
    of SPEC section 2 (tickets reopened within the window / resolved tickets)
    cut by what a reopen can be traced to.
    - Cohort, as in the ticket KPI marts: tickets first resolved in the period
      (period_grain month: the month of first_resolved_at; all_time: every
      first-resolved ticket, period_month null). The denominator counts only
      tickets whose reopen window (var reopen_window_days after the first
      resolution) has elapsed at as_of; the others are reopen_pending.
    - dimension_name (int_ticket_diagnostic_slices): overall ('all'),
      category, channel, agent (SPEC's resolved_by_agent_id;
      'currently_unresolved' for a ticket reopened and still open),
      first_resolution_agent (the agent of the resolution the window is
      measured from, so a reopen is not blamed on the agent who fixed it
      afterwards), first_resolver_class (bot, human, ...: who made that
      resolution, so a bot resolution the customer reopened counts against
      the bot even when a person finished the ticket; SPEC section 2. The
      handling class of the whole ticket is not a dimension here: it would
      class that ticket bot_and_human).
      Each dimension's rows add up to the overall row. -#}
with tickets as (
    select * from {{ ref('fact_ticket') }}
    where first_resolved_at is not null
),

as_of as (
    select as_of_at from {{ ref('int_as_of') }}
),

slices as (
    select * from {{ ref('int_ticket_diagnostic_slices') }}
    where dimension_name in (
            'overall', 'category', 'channel', 'agent', 'first_resolution_agent',
            'first_resolver_class'
        )
),

measured as (
    select
        slices.dimension_name,
        slices.dimension_value,
        {{ period_start('month', 'tickets.first_resolved_at') }} as period_month,
        tickets.is_reopened_within_window,
        tickets.is_reopen_window_elapsed
    from tickets
    inner join slices
        on tickets.ticket_id = slices.ticket_id
),

aggregated as (
    select
        dimension_name,
        dimension_value,
        period_month,
        case when grouping(period_month) = 1 then 'all_time' else 'month' end as period_grain,
        count(*) as tickets_first_resolved,
        {{ window_metric_counts(metrics=['reopen']) | indent(8) }}
    from measured
    group by dimension_name, dimension_value, cube(period_month)
),

final as (
    select
        aggregated.period_grain,
        aggregated.period_month,
        -- null on the all_time rows (no period)
        {{ is_period_complete('month', 'aggregated.period_month', 'as_of.as_of_at') }}
            as is_period_complete,
        aggregated.dimension_name,
        aggregated.dimension_value,
        aggregated.tickets_first_resolved,
        aggregated.tickets_reopened_within_window,
        aggregated.reopen_window_elapsed,
        {{ safe_ratio('aggregated.tickets_reopened_within_window',
            'aggregated.reopen_window_elapsed') }} as reopen_rate,
        aggregated.reopen_pending
    from aggregated
    cross join as_of
)

select * from final
