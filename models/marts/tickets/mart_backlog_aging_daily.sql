{#- One row per UTC day, slice_name and slice_value with open tickets at the
    day's end: the backlog by age bucket (SPEC section 2, backlog aging),
    from fact_backlog_daily. Slices as in the ticket KPI marts (overall,
    channel, category, complexity_tier, priority; the ticket's current
    values), so on a complete day open_tickets equals the daily KPI mart's
    backlog_at_end. The day holding as_of is the backlog at as_of
    (is_period_complete false). -#}
{%- set buckets = [
    ('< 1 day', 'open_under_1_day'),
    ('1-3 days', 'open_1_to_3_days'),
    ('3-7 days', 'open_3_to_7_days'),
    ('7-30 days', 'open_7_to_30_days'),
    ('> 30 days', 'open_over_30_days'),
] -%}
with backlog as (
    select * from {{ ref('fact_backlog_daily') }}
),

slices as (
    select * from {{ ref('int_ticket_slices') }}
),

final as (
    select
        backlog.snapshot_date as period_start,
        max(case when backlog.is_day_complete then 1 else 0 end) = 1 as is_period_complete,
        slices.slice_name,
        slices.slice_value,
        count(*) as open_tickets,
        {%- for bucket, column in buckets %}
            count(case when backlog.age_bucket = '{{ bucket }}' then 1 end) as {{ column }},
        {%- endfor %}
        avg(backlog.age_days) as age_days_avg,
        max(backlog.age_days) as age_days_max
    from backlog
    inner join slices
        on backlog.ticket_id = slices.ticket_id
    group by backlog.snapshot_date, slices.slice_name, slices.slice_value
)

select * from final
