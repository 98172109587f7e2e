{#- One row per customer in the customers table, plus one row per customer id
    seen on tickets but missing there (is_known_customer false). mrr: the
    optional customers.mrr (null when unknown), arr = 12 x mrr. -#}
with customers as (
    select * from {{ ref('stg_helpdesk__customers') }}
),

ticket_customers as (
    select
        customer_id,
        count(*) as ticket_count,
        min(created_at) as first_ticket_at,
        max(created_at) as last_ticket_at
    from {{ ref('int_ticket_attributes') }}
    where customer_id is not null
    group by customer_id
),

final as (
    select
        coalesce(customers.customer_id, ticket_customers.customer_id) as customer_id,
        customers.account_id,
        customers.segment,
        customers.plan,
        customers.signed_up_at,
        customers.churned_at,
        customers.mrr,
        12 * customers.mrr as arr,
        customers.customer_id is not null as is_known_customer,
        coalesce(ticket_customers.ticket_count, 0) as ticket_count,
        ticket_customers.first_ticket_at,
        ticket_customers.last_ticket_at
    from customers
    full outer join ticket_customers
        on customers.customer_id = ticket_customers.customer_id
)

select * from final
