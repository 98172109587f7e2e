{{ config(enabled=is_helpdesk_source('freshdesk')) }}
{#- One row per Freshdesk ticket that is not a ticket here, with the reason:
    deleted (in Freshdesk, or by the connector) or spam. Its conversations,
    time entries and ratings are not mapped either (counted in
    freshdesk__source_row_counts). -#}
with tickets as (
    select * from {{ ref('base_freshdesk__ticket') }}
    -- history mode: the current version decides
    where coalesce(is_active, true)
),

final as (
    select
        ticket_id,
        min(case
            when is_deleted then 'deleted in Freshdesk'
            else 'spam'
        end) as exclusion_reason
    from tickets
    where ticket_id is not null
        and (is_deleted or is_spam)
    group by ticket_id
)

select * from final
