{#- One row per schedule: its time zone and whether it is the default one.
    A schedule whose rows disagree on the time zone takes the first. -#}
with schedules as (
    select * from {{ ref('stg_helpdesk__schedules') }}
),

final as (
    select
        schedule_id,
        min(timezone) as timezone,
        max(case when is_default then 1 else 0 end) = 1 as is_default
    from schedules
    group by schedule_id
)

select * from final
