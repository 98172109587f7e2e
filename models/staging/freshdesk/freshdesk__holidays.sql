{{ config(enabled=is_helpdesk_source('freshdesk')) }}
{#- The holidays table of SPEC section 1 from Freshdesk's holiday lists
    (docs/connectors/freshdesk.md): a holiday of a calendar not deleted.
    Freshdesk's date has no year ("Dec 25") and recurs: one row per year
    from the first to the last year a ticket was created in (a day a year
    lacks, Feb 29, is skipped that year); a full date (2025-12-25) is that
    day only; a date that reads as neither is passed on for the helpdesk
    base model to reject. A day twice in one calendar is given once (the
    first name). -#}
with holidays as (
    select * from {{ ref('base_freshdesk__business_hour_holiday') }}
),

calendars as (
    select * from {{ ref('base_freshdesk__business_hour') }}
    where not is_deleted
),

tickets as (
    select * from {{ ref('freshdesk__current_tickets') }}
),

created_years as (
    select
        extract(year from {{ parse_timestamp_utc('created_at') }}) as created_year
    from tickets
),

ticket_years as (
    select
        cast(min(created_year) as {{ dbt.type_int() }}) as first_year,
        cast(max(created_year) as {{ dbt.type_int() }}) as last_year
    from created_years
),

digits as (
    {%- for n in range(10) %}
        select {{ n }} as digit
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

years as (
    -- the years of the tickets (at most a hundred)
    select ticket_years.first_year + tens.digit * 10 + ones.digit as holiday_year
    from ticket_years
    cross join digits as tens
    cross join digits as ones
    where ticket_years.first_year + tens.digit * 10 + ones.digit <= ticket_years.last_year
),

parsed as (
    select
        holidays.business_hour_id,
        holidays.holiday_name,
        holidays.holiday_date,
        {{ parse_date_text('holidays.holiday_date') }} as full_date,
        case lower({{ dbt.split_part('holidays.holiday_date', "' '", 1) }})
            when 'jan' then '01'
            when 'feb' then '02'
            when 'mar' then '03'
            when 'apr' then '04'
            when 'may' then '05'
            when 'jun' then '06'
            when 'jul' then '07'
            when 'aug' then '08'
            when 'sep' then '09'
            when 'oct' then '10'
            when 'nov' then '11'
            when 'dec' then '12'
        end as month_text,
        {{ parse_number(dbt.split_part('holidays.holiday_date', "' '", 2)) }} as day_number
    from holidays
    inner join calendars
        on holidays.business_hour_id = calendars.business_hour_id
),

rows as (
    -- a full date: that day
    select
        business_hour_id,
        holiday_name,
        cast(full_date as {{ dbt.type_string() }}) as holiday_date
    from parsed
    where full_date is not null
    union all
    -- a day of the year: every year of the tickets that has it
    select
        parsed.business_hour_id,
        parsed.holiday_name,
        cast({{ parse_date_text(
            "cast(years.holiday_year as " ~ dbt.type_string() ~ ") || '-' || parsed.month_text"
            ~ " || '-' || lpad(cast(cast(parsed.day_number as " ~ dbt.type_int() ~ ") as "
            ~ dbt.type_string() ~ "), 2, '0')"
        ) }} as {{ dbt.type_string() }}) as holiday_date
    from parsed
    cross join years
    where parsed.full_date is null
        and parsed.month_text is not null
        and parsed.day_number between 1 and 31
    union all
    -- neither: passed on as given
    select
        business_hour_id,
        holiday_name,
        holiday_date
    from parsed
    where full_date is null
        and (month_text is null or coalesce(day_number between 1 and 31, false) = false)
),

days as (
    select
        business_hour_id as schedule_id,
        holiday_date,
        min(holiday_name) as holiday_name
    from rows
    where holiday_date is not null
    group by business_hour_id, holiday_date
),

final as (
    select
        schedule_id,
        holiday_date,
        holiday_name,
        -- the raw layer's bookkeeping (a mapped row has no file line)
        row_number() over (order by schedule_id, holiday_date) as _row_number,
        cast(null as {{ dbt.type_string() }}) as _read_error,
        cast(null as {{ dbt.type_string() }}) as _raw_line,
        cast(null as {{ dbt.type_timestamp() }}) as _loaded_at
    from days
)

select * from final
