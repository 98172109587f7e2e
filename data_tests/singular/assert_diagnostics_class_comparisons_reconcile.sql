-- The class comparisons add up to fact_ticket: in mart_automation_comparison
-- (by handling class, creation cohort) and mart_ai_vs_human (by resolver
-- class, first-resolution and resolution cohorts), in each period grain the
-- leaf rows (a category and a class) count every ticket of each measure
-- exactly once, and the roll-up rows ('all') equal the sums of their leaves.
-- One row per mart, grain, roll-up level and measure that disagrees.
{%- set comparisons = [
    ('mart_automation_comparison', 'handling_class', [
        ('tickets_created', 'count(*)'),
        ('bot_touched_tickets', 'count(case when is_bot_touched then 1 end)'),
        ('created_cohort_automated_resolutions',
            'count(case when is_automated_resolution then 1 end)'),
        ('created_tickets_resolved', 'count(resolved_at)'),
    ]),
    ('mart_ai_vs_human', 'resolver_class', [
        ('tickets_first_resolved', 'count(first_resolved_at)'),
        ('fcr_first_contact + fcr_not_first_contact',
            "count(case when is_fcr_window_elapsed"
            ~ " and fcr_status in ('first_contact', 'not_first_contact') then 1 end)"),
        ('fcr_pending',
            "count(case when not is_fcr_window_elapsed"
            ~ " and fcr_status in ('pending', 'not_first_contact') then 1 end)"),
        ('reopen_window_elapsed', 'count(case when is_reopen_window_elapsed then 1 end)'),
        ('tickets_resolved', 'count(resolved_at)'),
        ('csat_scored_tickets', 'count(case when resolved_at is not null then csat_score end)'),
    ]),
] %}
with facts as (
    {%- for model, class_column, measures in comparisons %}
        {%- set outer_first = loop.first %}
        {%- for measure, expression in measures %}
            {% if not (outer_first and loop.first) %}union all{% endif %}
            select
                '{{ model }}' as model_name,
                '{{ measure }}' as measure,
                {{ expression }} as fact_value
            from {{ ref('fact_ticket') }}
        {%- endfor %}
    {%- endfor %}
),

totals as (
    {%- for model, class_column, measures in comparisons %}
        {%- set outer_first = loop.first %}
        {%- for measure, expression in measures %}
            {% if not (outer_first and loop.first) %}union all{% endif %}
            select
                '{{ model }}' as model_name,
                '{{ measure }}' as measure,
                period_grain,
                case
                    when category = 'all' and {{ class_column }} = 'all' then 'all_all'
                    when category = 'all' then 'all_class'
                    when {{ class_column }} = 'all' then 'category_all'
                    else 'leaf'
                end as rollup_level,
                sum({{ measure }}) as mart_value
            from {{ ref(model) }}
            group by 1, 2, 3, 4
        {%- endfor %}
    {%- endfor %}
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
        facts.model_name,
        grains.period_grain,
        rollup_levels.rollup_level,
        facts.measure,
        totals.mart_value,
        facts.fact_value
    from facts
    cross join grains
    cross join rollup_levels
    left join totals
        on facts.model_name = totals.model_name
            and facts.measure = totals.measure
            and grains.period_grain = totals.period_grain
            and rollup_levels.rollup_level = totals.rollup_level
    where coalesce(totals.mart_value, 0) <> facts.fact_value
)

select * from final
