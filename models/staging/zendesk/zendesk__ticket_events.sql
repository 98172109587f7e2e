{{ config(enabled=is_helpdesk_source('zendesk')) }}
{#- The ticket_events table of SPEC section 1 from Zendesk's
    ticket_field_history (docs/connectors.md): one row per history row that
    is an event (zendesk__ticket_field_changes classifies them and says why
    the others are none); read and judged by base_helpdesk__ticket_events
    like a raw file. The event id is ticket:field:time, so identical
    duplicate history rows are duplicates (one kept) and two values of one
    field at one time are a conflicting duplicate (both rejected). -#}
{%- set row_order = 'ticket_id, field_name, updated_at, to_value' -%}
with changes as (
    select * from {{ ref('zendesk__ticket_field_changes') }}
),

final as (
    select
        ticket_id || ':' || field_name || ':' || coalesce(updated_at, '') as event_id,
        ticket_id,
        updated_at as event_at,
        event_type,
        user_id as actor_id,
        from_value,
        to_value,
        cast(null as {{ dbt.type_string() }}) as reason,
        -- the raw layer's bookkeeping (a mapped row has no file line)
        {{ connector_raw_bookkeeping(row_order, 'updated_at') }}
    from changes
    where event_type is not null
)

select * from final
