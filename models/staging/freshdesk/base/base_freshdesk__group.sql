{{ config(enabled=is_helpdesk_source('freshdesk')) }}
{#- One row per row of Freshdesk's group table, as text: its name gives
    an agent's tier (connector_group_tiers), its business hours a ticket's
    schedule. -#}
with source as (
    {{ connector_table('group', ['id', 'name', 'business_hour_id', '_fivetran_deleted']) }}
),

final as (
    select
        {{ connector_id('id') }} as group_id,
        {{ clean_text('name') }} as group_name,
        {{ connector_id('business_hour_id') }} as business_hour_id,
        coalesce({{ parse_boolean('_fivetran_deleted') }}, false) as is_deleted,
        -- the account (connector schema) the row was read from
        source_relation
    from source
)

select * from final
