{#- One row per Zendesk ticket deleted (status deleted, or deleted by the
    connector): not a ticket, so its history, comments and ratings are not
    mapped either (counted in zendesk__source_row_counts). -#}
with tickets as (
    select * from {{ ref('base_zendesk__ticket') }}
),

final as (
    select distinct ticket_id
    from tickets
    where is_deleted and ticket_id is not null
)

select * from final
