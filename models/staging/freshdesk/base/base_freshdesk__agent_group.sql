{{ config(enabled=is_helpdesk_source('freshdesk')) }}
{#- One row per row of Freshdesk's agent_group: a group an agent belongs
    to. -#}
with source as (
    {{ connector_table('agent_group', ['agent_id', 'group_id']) }}
),

final as (
    select
        {{ connector_id('agent_id') }} as agent_id,
        {{ connector_id('group_id') }} as group_id,
        -- the account (connector schema) the row was read from
        source_relation
    from source
)

select * from final
