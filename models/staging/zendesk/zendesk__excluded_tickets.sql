{{ config(enabled=is_helpdesk_source('zendesk')) }}
{#- One row per Zendesk ticket that is not a ticket here, with the reason:
    deleted (status deleted, or deleted by the connector), or merged into
    another ticket (Zendesk closes the merged-away ticket and tags it
    closed_by_merge: counting it would add a resolution, and often a
    one-touch first-contact one, that never happened). Its history,
    comments and ratings are not mapped either (counted in
    zendesk__source_row_counts). -#}
with tickets as (
    select * from {{ ref('base_zendesk__ticket') }}
),

ticket_tags as (
    select * from {{ ref('base_zendesk__ticket_tag') }}
),

merged as (
    select distinct ticket_id
    from ticket_tags
    where tag = 'closed_by_merge'
),

final as (
    select
        tickets.ticket_id,
        min(case
            when tickets.is_deleted then 'deleted in Zendesk'
            else 'merged into another ticket (closed_by_merge)'
        end) as exclusion_reason
    from tickets
    left join merged
        on tickets.ticket_id = merged.ticket_id
    where tickets.ticket_id is not null
        and (tickets.is_deleted or merged.ticket_id is not null)
    group by tickets.ticket_id
)

select * from final
