{#- One row per contact-centre interval (var interval_minutes) of every
    calendar day, in UTC: the grid the interval marts are built on. -#}
{%- set interval = var('interval_minutes') | int -%}
{#- a bad interval_minutes is reported by validate_project_vars at run start;
    the guard only keeps parsing from failing first -#}
{%- set per_day = (1440 // interval) if interval > 0 else 0 -%}
with days as (
    select date_day from {{ ref('int_calendar_days') }}
),

digits as (
    {%- for digit in range(10) %}
        select {{ digit }} as digit{% if not loop.last %}
            union all{% endif %}
    {%- endfor %}
),

offsets as (
    select
        thousands.digit * 1000 + hundreds.digit * 100 + tens.digit * 10 + units.digit
            as interval_index
    from digits as thousands
    cross join digits as hundreds
    cross join digits as tens
    cross join digits as units
    where thousands.digit * 1000 + hundreds.digit * 100 + tens.digit * 10 + units.digit
        < {{ per_day }}
),

final as (
    select
        days.date_day,
        offsets.interval_index,
        {{ dbt.dateadd('minute', 'offsets.interval_index * ' ~ interval,
            'cast(days.date_day as ' ~ dbt.type_timestamp() ~ ')') }} as interval_start_at,
        {{ dbt.dateadd('minute', '(offsets.interval_index + 1) * ' ~ interval,
            'cast(days.date_day as ' ~ dbt.type_timestamp() ~ ')') }} as interval_end_at
    from days
    cross join offsets
)

select * from final
