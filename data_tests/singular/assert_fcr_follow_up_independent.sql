-- FCR guard, recomputed from the facts without the intermediate signal: a
-- first_contact ticket has no customer-created ticket of the same customer
-- and category created within fcr_window_hours after its first resolution.
select
    resolved.ticket_id,
    later.ticket_id as follow_up_ticket_id
from {{ ref('fact_ticket') }} as resolved
inner join {{ ref('fact_ticket') }} as later
    on resolved.customer_id = later.customer_id
        and resolved.category = later.category
        and resolved.ticket_id <> later.ticket_id
where resolved.fcr_status = 'first_contact'
    and later.created_by_type = 'customer'
    and later.created_at > resolved.first_resolved_at
    and later.created_at
    <= {{ dbt.dateadd('hour', var('fcr_window_hours'), 'resolved.first_resolved_at') }}
