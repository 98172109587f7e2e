-- Which categories wait longest for a first response (business minutes),
-- against the overall median?
with tickets as (
    select * from {{ ref('fact_ticket') }}
    where first_response_business_minutes is not null
),

overall as (
    select {{ percentile_cont('first_response_business_minutes', 0.5) }} as overall_median
    from tickets
),

by_category as (
    select
        category,
        count(*) as tickets,
        {{ percentile_cont('first_response_business_minutes', 0.5) }} as median_minutes,
        {{ percentile_cont('first_response_business_minutes', 0.9) }} as p90_minutes
    from tickets
    group by category
)

select
    by_category.*,
    by_category.median_minutes / nullif(overall.overall_median, 0) as times_overall_median
from by_category
cross join overall
order by times_overall_median desc
