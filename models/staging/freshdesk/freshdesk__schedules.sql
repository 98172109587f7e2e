{{ config(enabled=is_helpdesk_source('freshdesk')) }}
{#- The schedules table of SPEC section 1 from Freshdesk's business hours
    (docs/connectors/freshdesk.md): one row per working day of a calendar
    not deleted (Freshdesk holds one interval per day), day_of_week 0 =
    Monday, times as HH:MM:SS from Freshdesk's "8:00 am" (or "08:00");
    11:59 pm, Freshdesk's end of the day, is 24:00:00. A time or day that
    does not read is passed on for the helpdesk base model to reject. The
    time zone's Rails name ("Eastern Time (US & Canada)", as Zendesk's)
    becomes its IANA name through seeds/connectors/zendesk_time_zones.csv;
    a name missing there is kept (an IANA name works, anything else is
    rejected as an unknown time zone). The default is the calendar Freshdesk
    flags is_default. -#}
with calendars as (
    select * from {{ ref('base_freshdesk__business_hour') }}
    where not is_deleted
),

working_hours as (
    select * from {{ ref('base_freshdesk__business_hour_working_hour') }}
),

time_zones as (
    select * from {{ ref('zendesk_time_zones') }}
),

parsed as (
    select
        working_hours.business_hour_id,
        working_hours.day_name,
        working_hours.start_time,
        working_hours.end_time,
        {%- for column in ['start_time', 'end_time'] %}
            {%- set bare = "trim(replace(replace(working_hours." ~ column
                ~ ", 'am', ''), 'pm', ''))" %}
            {%- set hours = parse_number(dbt.split_part(bare, "':'", 1)) %}
            {%- set minutes = parse_number(dbt.split_part(bare, "':'", 2)) %}
            case
                when {{ dbt.position("'pm'", 'working_hours.' ~ column) }} > 0 and {{ hours }} < 12
                    then {{ hours }} + 12
                when {{ dbt.position("'am'", 'working_hours.' ~ column) }} > 0 and {{ hours }} = 12
                    then 0
                else {{ hours }}
            end * 60 + {{ minutes }} as {{ column }}_minute{% if not loop.last %},{% endif %}
        {%- endfor %}
    from working_hours
),

final as (
    select
        calendars.business_hour_id as schedule_id,
        coalesce(time_zones.iana_time_zone, calendars.time_zone) as timezone,
        case parsed.day_name
            when 'monday' then '0'
            when 'tuesday' then '1'
            when 'wednesday' then '2'
            when 'thursday' then '3'
            when 'friday' then '4'
            when 'saturday' then '5'
            when 'sunday' then '6'
            else parsed.day_name
        end as day_of_week,
        case
            when parsed.start_time_minute between 0 and 1440
                then {{ minute_of_day_text('parsed.start_time_minute') }}
            else parsed.start_time
        end as start_time,
        case
            when parsed.end_time_minute = 1439 then '24:00:00'
            when parsed.end_time_minute between 0 and 1440
                then {{ minute_of_day_text('parsed.end_time_minute') }}
            else parsed.end_time
        end as end_time,
        case when calendars.is_default then 'true' else 'false' end as is_default,
        -- the raw layer's bookkeeping (a mapped row has no file line)
        row_number() over (
            order by calendars.business_hour_id, parsed.day_name, parsed.start_time
        ) as _row_number,
        cast(null as {{ dbt.type_string() }}) as _read_error,
        cast(null as {{ dbt.type_string() }}) as _raw_line,
        cast(null as {{ dbt.type_timestamp() }}) as _loaded_at
    from parsed
    inner join calendars
        on parsed.business_hour_id = calendars.business_hour_id
    left join time_zones
        on calendars.time_zone = time_zones.zendesk_time_zone
)

select * from final
