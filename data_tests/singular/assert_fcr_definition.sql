-- FCR guard: no first_contact ticket may have a signal that SPEC section 2
-- says makes it not_first_contact, its window must have elapsed, and it must
-- be an inbound resolved ticket.
select
    ticket_id,
    fcr_status
from {{ ref('fact_ticket') }}
where fcr_status = 'first_contact'
    and (
        has_new_contact_before_resolution
        or has_reopen_in_fcr_window
        or has_follow_up_ticket
        or fcr_window_end_at > as_of_at
        or not is_inbound
        or first_resolved_at is null
    )
