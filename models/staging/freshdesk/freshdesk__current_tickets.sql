{{ config(enabled=is_helpdesk_source('freshdesk')) }}
{#- One row per row of Freshdesk's ticket table that is a ticket here: the
    current version under Fivetran's history mode (_fivetran_active), not
    deleted or spam (freshdesk__excluded_tickets). Duplicate rows stay, for
    the helpdesk base models to judge. is_outbound: created by an agent
    (source 10, outbound email). -#}
with tickets as (
    select * from {{ ref('base_freshdesk__ticket') }}
),

excluded_tickets as (
    select * from {{ ref('freshdesk__excluded_tickets') }}
),

final as (
    select
        tickets.*,
        coalesce(tickets.source_code = '10', false) as is_outbound
    from tickets
    left join excluded_tickets
        on tickets.ticket_id = excluded_tickets.ticket_id
    where coalesce(tickets.is_active, true)
        and excluded_tickets.ticket_id is null
)

select * from final
