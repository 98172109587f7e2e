{#- One row per account and calendar month (UTC) in which the account's
    customers created a contact (a customer-created ticket; accounts of the
    customers table: tickets of customers without an account are left out):
    - contacts, contacting_customers: the contacts created in the month and
      the customers who made them;
    - expansion_contacts, expansion_customers: those whose current category
      is marked is_expansion_signal in the ticket_categories seed
      (dim_category; docs block metric_expansion_signal), and the customers
      who made them; has_expansion_signal: at least one;
      expansion_contact_rate = expansion_contacts / contacts;
    - account_customers_at_end, account_mrr, account_arr: the account's
      customers at the month's end and the sum of their MRR (customers.mrr;
      0 when none is a customer then; null when none of the account's
      customers has a known MRR), ARR = 12 x MRR;
    - segment, plan: the account's customers', 'mixed' when they differ.
    is_period_complete: the month has ended at as_of. -#}
with tickets as (
    select
        ticket_id,
        customer_id,
        category,
        created_at
    from {{ ref('fact_ticket') }}
    where is_inbound
),

customers as (
    select
        customer_id,
        account_id
    from {{ ref('dim_customer') }}
    where account_id is not null
),

categories as (
    select
        category,
        is_expansion_signal
    from {{ ref('dim_category') }}
),

customer_months as (
    select * from {{ ref('int_customer_months') }}
    where account_id is not null
),

as_of as (
    select as_of_at from {{ ref('int_as_of') }}
),

contacts as (
    select
        customers.account_id,
        {{ period_start('month', 'tickets.created_at') }} as period_start,
        tickets.customer_id,
        coalesce(categories.is_expansion_signal, false) as is_expansion_contact
    from tickets
    inner join customers
        on tickets.customer_id = customers.customer_id
    left join categories
        on tickets.category = categories.category
),

account_contacts as (
    select
        account_id,
        period_start,
        count(*) as contacts,
        count(distinct customer_id) as contacting_customers,
        count(case when is_expansion_contact then 1 end) as expansion_contacts,
        count(distinct case when is_expansion_contact then customer_id end)
            as expansion_customers
    from contacts
    group by account_id, period_start
),

account_months as (
    select
        account_id,
        period_start,
        count(case when is_active_at_period_end then 1 end) as account_customers_at_end,
        {{ sum_of_known('mrr', 'is_active_at_period_end') }} as account_mrr,
        case
            when min(segment) = max(segment) then min(segment)
            when min(segment) is not null then 'mixed'
        end as segment,
        case
            when min(plan) = max(plan) then min(plan)
            when min(plan) is not null then 'mixed'
        end as plan
    from customer_months
    group by account_id, period_start
),

final as (
    select
        account_contacts.account_id,
        account_contacts.period_start,
        {{ is_period_complete('month', 'account_contacts.period_start', 'as_of.as_of_at') }}
            as is_period_complete,
        account_months.segment,
        account_months.plan,
        cast(account_contacts.contacts as {{ dbt.type_bigint() }}) as contacts,
        cast(account_contacts.contacting_customers as {{ dbt.type_bigint() }})
            as contacting_customers,
        cast(account_contacts.expansion_contacts as {{ dbt.type_bigint() }})
            as expansion_contacts,
        cast(account_contacts.expansion_customers as {{ dbt.type_bigint() }})
            as expansion_customers,
        account_contacts.expansion_contacts > 0 as has_expansion_signal,
        {{ safe_ratio('account_contacts.expansion_contacts', 'account_contacts.contacts') }}
            as expansion_contact_rate,
        cast(coalesce(account_months.account_customers_at_end, 0) as {{ dbt.type_bigint() }})
            as account_customers_at_end,
        account_months.account_mrr,
        12 * account_months.account_mrr as account_arr
    from account_contacts
    left join account_months
        on account_contacts.account_id = account_months.account_id
            and account_contacts.period_start = account_months.period_start
    cross join as_of
)

select * from final
