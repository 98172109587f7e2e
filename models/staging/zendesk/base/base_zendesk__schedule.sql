{{ config(enabled=is_helpdesk_source('zendesk')) }}
{#- One row per row of Zendesk's schedule table: one business-hours interval
    of a schedule, in minutes from Sunday 00:00 local time; as text. -#}
with source as (
    {{ connector_table('schedule', [
        'id', 'name', 'time_zone', 'start_time', 'end_time', 'created_at', '_fivetran_deleted',
    ]) }}
),

final as (
    select
        -- ids
        {{ connector_id('id') }} as schedule_id,
        -- attributes
        name as schedule_name,
        {{ clean_text('time_zone') }} as time_zone,
        -- minutes from Sunday 00:00, local
        {{ parse_number('start_time') }} as start_minute,
        {{ parse_number('end_time') }} as end_minute,
        start_time as raw_start_time,
        end_time as raw_end_time,
        coalesce({{ parse_boolean('_fivetran_deleted') }}, false) as is_deleted,
        -- timestamps, as text
        created_at,
        -- the account (connector schema) the row was read from
        source_relation
    from source
)

select * from final
