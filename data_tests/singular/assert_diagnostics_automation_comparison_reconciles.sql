-- The automation comparison adds up to fact_ticket: in each period grain the
-- leaf rows (a category and a class) count every ticket created, bot-touched,
-- automatically resolved, resolved, FCR-decided, reopen-decided and CSAT-
-- answered exactly once, and the roll-up rows ('all') equal the sums of their
-- leaves.
with facts as (
    select
        count(*) as tickets_created,
        count(case when is_bot_touched then 1 end) as bot_touched_tickets,
        count(case when is_automated_resolution then 1 end) as automated_resolutions,
        count(resolved_at) as created_tickets_resolved,
        count(case when fcr_status in ('first_contact', 'not_first_contact') then 1 end)
            as fcr_decided,
        count(case when is_reopen_window_elapsed then 1 end) as reopen_window_elapsed,
        count(csat_score) as csat_scored_tickets
    from {{ ref('fact_ticket') }}
),

comparison as (
    select
        *,
        case
            when category = 'all' and handling_class = 'all' then 'all_all'
            when category = 'all' then 'all_class'
            when handling_class = 'all' then 'category_all'
            else 'leaf'
        end as rollup_level
    from {{ ref('mart_automation_comparison') }}
),

totals as (
    select
        period_grain,
        rollup_level,
        sum(tickets_created) as tickets_created,
        sum(bot_touched_tickets) as bot_touched_tickets,
        sum(created_cohort_automated_resolutions) as automated_resolutions,
        sum(created_tickets_resolved) as created_tickets_resolved,
        sum(created_cohort_fcr_decided) as fcr_decided,
        sum(created_cohort_reopen_window_elapsed) as reopen_window_elapsed,
        sum(csat_scored_tickets) as csat_scored_tickets
    from comparison
    group by period_grain, rollup_level
),

grains as (
    select 'month' as period_grain
    union all
    select 'all_time' as period_grain
),

rollup_levels as (
    {%- for level in ['leaf', 'category_all', 'all_class', 'all_all'] %}
        {% if not loop.first %}union all{% endif %}
        select '{{ level }}' as rollup_level
    {%- endfor %}
),

final as (
    select
        grains.period_grain,
        rollup_levels.rollup_level,
        totals.tickets_created,
        facts.tickets_created as fact_tickets_created
    from grains
    cross join rollup_levels
    cross join facts
    left join totals
        on grains.period_grain = totals.period_grain
            and rollup_levels.rollup_level = totals.rollup_level
    where coalesce(totals.tickets_created, 0) <> facts.tickets_created
        or coalesce(totals.bot_touched_tickets, 0) <> facts.bot_touched_tickets
        or coalesce(totals.automated_resolutions, 0) <> facts.automated_resolutions
        or coalesce(totals.created_tickets_resolved, 0) <> facts.created_tickets_resolved
        or coalesce(totals.fcr_decided, 0) <> facts.fcr_decided
        or coalesce(totals.reopen_window_elapsed, 0) <> facts.reopen_window_elapsed
        or coalesce(totals.csat_scored_tickets, 0) <> facts.csat_scored_tickets
)

select * from final
