-- The reopen analysis adds up to fact_ticket: in each period grain, every
-- dimension's rows count each first-resolved ticket, each decided reopen
-- window and each reopen within the window exactly once.
with facts as (
    select
        count(*) as tickets_first_resolved,
        count(case when is_reopened_within_window and is_reopen_window_elapsed then 1 end)
            as tickets_reopened_within_window,
        count(case when is_reopen_window_elapsed then 1 end) as reopen_window_elapsed
    from {{ ref('fact_ticket') }}
    where first_resolved_at is not null
),

dimension_totals as (
    select
        period_grain,
        dimension_name,
        sum(tickets_first_resolved) as tickets_first_resolved,
        sum(tickets_reopened_within_window) as tickets_reopened_within_window,
        sum(reopen_window_elapsed) as reopen_window_elapsed
    from {{ ref('mart_reopen_analysis') }}
    group by period_grain, dimension_name
),

grains as (
    select 'month' as period_grain
    union all
    select 'all_time' as period_grain
),

dimensions as (
    {%- for dimension in ['overall', 'category', 'channel', 'agent',
                          'first_resolution_agent', 'first_resolver_class'] %}
        {% if not loop.first %}union all{% endif %}
        select '{{ dimension }}' as dimension_name
    {%- endfor %}
),

expected_dimensions as (
    select
        grains.period_grain,
        dimensions.dimension_name
    from grains
    cross join dimensions
),

final as (
    select
        expected_dimensions.period_grain,
        expected_dimensions.dimension_name,
        dimension_totals.tickets_first_resolved,
        facts.tickets_first_resolved as fact_tickets_first_resolved
    from expected_dimensions
    cross join facts
    left join dimension_totals
        on expected_dimensions.period_grain = dimension_totals.period_grain
            and expected_dimensions.dimension_name = dimension_totals.dimension_name
    where coalesce(dimension_totals.tickets_first_resolved, 0) <> facts.tickets_first_resolved
        or coalesce(dimension_totals.tickets_reopened_within_window, 0)
        <> facts.tickets_reopened_within_window
        or coalesce(dimension_totals.reopen_window_elapsed, 0) <> facts.reopen_window_elapsed
)

select * from final
