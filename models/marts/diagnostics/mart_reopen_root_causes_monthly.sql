{#- One row per month (of the reopen), root cause, category and agent: how
    many reopens (SPEC section 2: a status change out of solved/closed) the
    optional reason of the reopening status_change tags with each root cause
    (incomplete_resolution, customer_confusion, product_bug, policy_gap;
    'unspecified' when none was recorded), by the ticket's category and the
    agent whose resolution was reopened (int_ticket_reopens). Every reopen
    counts once, whenever it came; reopens_within_window counts those within
    var reopen_window_days of the resolution before them. -#}
with reopens as (
    select * from {{ ref('int_ticket_reopens') }}
),

tickets as (
    select * from {{ ref('fact_ticket') }}
),

as_of as (
    select as_of_at from {{ ref('int_as_of') }}
),

measured as (
    select
        {{ period_start('month', 'reopens.reopened_at') }} as period_month,
        reopens.reopen_reason,
        coalesce(tickets.category, 'unknown') as category,
        coalesce(reopens.resolving_agent_id, 'unknown') as resolving_agent_id,
        reopens.is_within_reopen_window
    from reopens
    inner join tickets
        on reopens.ticket_id = tickets.ticket_id
),

aggregated as (
    select
        period_month,
        reopen_reason,
        category,
        resolving_agent_id,
        count(*) as reopens,
        count(case when is_within_reopen_window then 1 end) as reopens_within_window
    from measured
    group by period_month, reopen_reason, category, resolving_agent_id
),

month_totals as (
    select
        period_month,
        count(*) as month_reopens,
        count(case when reopen_reason <> 'unspecified' then 1 end) as month_reopens_tagged
    from measured
    group by period_month
),

final as (
    select
        aggregated.period_month,
        {{ is_period_complete('month', 'aggregated.period_month', 'as_of.as_of_at') }}
            as is_period_complete,
        aggregated.reopen_reason,
        aggregated.category,
        aggregated.resolving_agent_id,
        aggregated.reopens,
        aggregated.reopens_within_window,
        month_totals.month_reopens,
        month_totals.month_reopens_tagged,
        case
            when aggregated.reopen_reason <> 'unspecified'
                then {{ safe_ratio('aggregated.reopens', 'month_totals.month_reopens_tagged') }}
        end as root_cause_share
    from aggregated
    inner join month_totals
        on aggregated.period_month = month_totals.period_month
    cross join as_of
)

select * from final
