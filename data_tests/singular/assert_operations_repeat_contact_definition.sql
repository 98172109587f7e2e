-- The repeat-contact definition of int_customer_activity, checked by an
-- independent self-join: a customer-created ticket is a repeat contact if and
-- only if the same customer created another customer-created ticket of the
-- same non-null category before it (created_at, then ticket_id) at most
-- var fcr_window_hours earlier (inclusive). Lists every ticket where the
-- model and this check disagree.
with contacts as (
    select
        ticket_id,
        customer_id,
        category,
        created_at
    from {{ ref('fact_ticket') }}
    where is_inbound and customer_id is not null and category is not null
),

expected as (
    select distinct later.ticket_id
    from contacts as later
    inner join contacts as earlier
        on later.customer_id = earlier.customer_id
            and later.category = earlier.category
            and (
                later.created_at > earlier.created_at
                or (later.created_at = earlier.created_at and later.ticket_id > earlier.ticket_id)
            )
            and later.created_at
            <= {{ dbt.dateadd('hour', var('fcr_window_hours'), 'earlier.created_at') }}
),

activity as (
    select
        ticket_id,
        is_repeat_contact
    from {{ ref('int_customer_activity') }}
    where activity_type = 'ticket'
)

select
    activity.ticket_id,
    activity.is_repeat_contact,
    expected.ticket_id is not null as is_expected_repeat
from activity
left join expected
    on activity.ticket_id = expected.ticket_id
where activity.is_repeat_contact <> (expected.ticket_id is not null)
