{{ config(enabled=is_helpdesk_source('zendesk')) }}
{#- One row per row of Zendesk's schedule_holiday: a holiday of a schedule
    from start_date to end_date (local dates); as text. -#}
with source as (
    {{ connector_table('schedule_holiday', [
        'id', 'schedule_id', 'name', 'start_date', 'end_date', '_fivetran_deleted',
    ]) }}
),

final as (
    select
        {{ connector_id('id') }} as holiday_id,
        {{ connector_id('schedule_id') }} as schedule_id,
        name as holiday_name,
        {{ clean_text('start_date') }} as start_date,
        {{ clean_text('end_date') }} as end_date,
        coalesce({{ parse_boolean('_fivetran_deleted') }}, false) as is_deleted,
        -- the account (connector schema) the row was read from
        source_relation
    from source
)

select * from final
