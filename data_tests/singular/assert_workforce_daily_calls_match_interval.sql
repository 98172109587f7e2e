-- SPEC 2 calls at day grain: mart_contact_center_daily sums the intervals of
-- mart_contact_center_interval, so each day's call counts equal the sums of
-- its intervals (and a day without intervals has no calls).
{%- set measures = ['calls_offered', 'calls_answered', 'calls_abandoned',
                    'short_abandons', 'outbound_calls', 'total_calls'] %}
with interval_days as (
    select
        date_day,
        {%- for measure in measures %}
            sum({{ measure }}) as {{ measure }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ ref('mart_contact_center_interval') }}
    group by date_day
),

daily as (
    select * from {{ ref('mart_contact_center_daily') }}
)

select
    coalesce(daily.date_day, interval_days.date_day) as date_day,
    {%- for measure in measures %}
        daily.{{ measure }} as daily_{{ measure }},
        interval_days.{{ measure }} as interval_{{ measure }}{% if not loop.last %},{% endif %}
    {%- endfor %}
from daily
full outer join interval_days
    on daily.date_day = interval_days.date_day
where
    {%- for measure in measures %}
        coalesce(daily.{{ measure }}, 0) <> coalesce(interval_days.{{ measure }}, 0)
        {%- if not loop.last %} or{% endif %}
    {%- endfor %}
