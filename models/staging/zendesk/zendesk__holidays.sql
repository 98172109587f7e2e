{{ config(enabled=is_helpdesk_source('zendesk')) }}
{#- The holidays table of SPEC section 1 from Zendesk's schedule holidays
    (docs/connectors.md): one row per local day from start_date to end_date
    (at most a year; a holiday whose dates do not parse, or end before they
    start, is one row with its start date, which the helpdesk base model
    judges). -#}
with holidays as (
    select * from {{ ref('base_zendesk__schedule_holiday') }}
    where not is_deleted
),

parsed as (
    select
        schedule_id,
        holiday_name,
        start_date,
        {{ parse_date_text('start_date') }} as first_day,
        {{ parse_date_text('end_date') }} as last_day
    from holidays
),

digits as (
    {%- for n in range(10) %}
        select {{ n }} as digit
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

day_offsets as (
    -- 0 .. 365
    select ones.digit + 10 * tens.digit + 100 * hundreds.digit as day_offset
    from digits as ones
    cross join digits as tens
    cross join digits as hundreds
    where ones.digit + 10 * tens.digit + 100 * hundreds.digit <= 365
),

holiday_days as (
    select
        parsed.schedule_id,
        parsed.holiday_name,
        cast({{ dbt.dateadd('day', 'day_offsets.day_offset', 'parsed.first_day') }} as date)
            as holiday_day
    from parsed
    inner join day_offsets
        on day_offsets.day_offset
            <= {{ dbt.datediff('parsed.first_day', 'parsed.last_day', 'day') }}
    where parsed.first_day is not null
        and parsed.last_day >= parsed.first_day
),

unexpanded as (
    -- dates that do not parse or end before they start: passed on as given
    select
        schedule_id,
        holiday_name,
        start_date as holiday_date
    from parsed
    where first_day is null
        or last_day is null
        or last_day < first_day
),

rows as (
    select
        schedule_id,
        holiday_name,
        cast(holiday_day as {{ dbt.type_string() }}) as holiday_date
    from holiday_days
    union all
    select * from unexpanded
),

days as (
    -- holidays that overlap give a day once (the first name)
    select
        schedule_id,
        holiday_date,
        min(holiday_name) as holiday_name
    from rows
    group by schedule_id, holiday_date
),

final as (
    select
        schedule_id,
        holiday_date,
        holiday_name,
        -- the raw layer's bookkeeping (a mapped row has no file line)
        {{ connector_raw_bookkeeping('schedule_id, holiday_date') }}
    from days
)

select * from final
