{{ config(enabled=is_helpdesk_source('freshdesk')) }}
{#- One row per row of business_hour_holiday: a holiday of a
    business-hours calendar; Freshdesk's date has no year ("Dec 25": every
    year), a full date (2025-12-25) is that day only. -#}
with source as (
    {{ connector_table('business_hour_holiday', ['business_hour_id', 'name', 'date']) }}
),

final as (
    select
        {{ connector_id('business_hour_id') }} as business_hour_id,
        name as holiday_name,
        {{ clean_text('date') }} as holiday_date,
        -- the account (connector schema) the row was read from
        source_relation
    from source
)

select * from final
