{{ config(enabled=is_helpdesk_source('freshdesk')) }}
{#- One row per row of Freshdesk's business_hour: a business-hours
    calendar, its (Rails) time zone name and whether it is the default. -#}
with source as (
    {{ connector_table('business_hour', [
        'id', 'name', 'time_zone', 'is_default', 'created_at', '_fivetran_deleted',
    ]) }}
),

final as (
    select
        {{ connector_id('id') }} as business_hour_id,
        name as business_hour_name,
        {{ clean_text('time_zone') }} as time_zone,
        coalesce({{ parse_boolean('is_default') }}, false) as is_default,
        coalesce({{ parse_boolean('_fivetran_deleted') }}, false) as is_deleted,
        created_at,
        -- the account (connector schema) the row was read from
        source_relation
    from source
)

select * from final
