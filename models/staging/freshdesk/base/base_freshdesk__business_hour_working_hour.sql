{{ config(enabled=is_helpdesk_source('freshdesk')) }}
{#- One row per row of business_hour_working_hour: a working day of a
    business-hours calendar (day name, start and end time as Freshdesk
    writes them: "8:00 am" or "08:00"), as text. -#}
with source as (
    {{ connector_table('business_hour_working_hour', [
        'business_hour_id', 'day', 'start_time', 'end_time',
    ]) }}
),

final as (
    select
        {{ connector_id('business_hour_id') }} as business_hour_id,
        {{ clean_text('day', lower=true) }} as day_name,
        {{ clean_text('start_time', lower=true) }} as start_time,
        {{ clean_text('end_time', lower=true) }} as end_time,
        -- the account (connector schema) the row was read from
        source_relation
    from source
)

select * from final
