{{ config(enabled=is_helpdesk_source('intercom')) }}
{#- One row per row of Intercom's contact_history: one version of a contact
    (a user or a lead), as text. -#}
with source as (
    {{ connector_table('contact_history', [
        'id', 'name', 'role', 'created_at', 'signed_up_at', 'updated_at', '_fivetran_active',
    ]) }}
),

final as (
    select
        -- ids
        {{ connector_id('id') }} as contact_id,
        -- attributes
        name as contact_name,
        {{ clean_text('role', lower=true) }} as contact_role,
        {{ parse_boolean('_fivetran_active') }} as is_active,
        -- timestamps, as text
        created_at,
        signed_up_at,
        updated_at,
        -- the account (connector schema) the row was read from
        source_relation
    from source
)

select * from final
