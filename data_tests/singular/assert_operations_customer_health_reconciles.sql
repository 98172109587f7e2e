-- mart_customer_health agrees with the facts, customer by customer:
-- its months hold every ticket of the customer once (tickets_created), every
-- customer-created ticket (contacts), every ticket with an escalation
-- (tickets_escalated) and every answered CSAT survey of the customer's
-- tickets (csat_responses, csat_score_total), counted here from fact_ticket
-- and the validated surveys; and every customer of dim_customer with a
-- ticket has rows. Relative tolerance 1e-9 on the score total.
with tickets as (
    select
        customer_id,
        count(*) as tickets_created,
        count(case when is_inbound then 1 end) as contacts,
        count(first_escalated_at) as tickets_escalated
    from {{ ref('fact_ticket') }}
    where customer_id is not null
    group by customer_id
),

csat as (
    select
        tickets.customer_id,
        count(*) as csat_responses,
        sum(surveys.score) as csat_score_total
    from {{ ref('stg_helpdesk__surveys') }} as surveys
    inner join {{ ref('fact_ticket') }} as tickets
        on surveys.ticket_id = tickets.ticket_id
    where surveys.survey_type = 'csat'
        and surveys.score is not null
        and surveys.responded_at is not null
        and tickets.customer_id is not null
    group by tickets.customer_id
),

health as (
    select
        customer_id,
        sum(tickets_created) as tickets_created,
        sum(contacts) as contacts,
        sum(tickets_escalated) as tickets_escalated,
        sum(csat_responses) as csat_responses,
        sum(csat_score_total) as csat_score_total
    from {{ ref('mart_customer_health') }}
    group by customer_id
)

select
    coalesce(health.customer_id, tickets.customer_id) as customer_id,
    health.tickets_created,
    tickets.tickets_created as fact_tickets_created,
    health.csat_responses,
    csat.csat_responses as fact_csat_responses
from tickets
full outer join health
    on tickets.customer_id = health.customer_id
left join csat
    on coalesce(health.customer_id, tickets.customer_id) = csat.customer_id
where health.customer_id is null
    or health.tickets_created <> coalesce(tickets.tickets_created, 0)
    or health.contacts <> coalesce(tickets.contacts, 0)
    or health.tickets_escalated <> coalesce(tickets.tickets_escalated, 0)
    or health.csat_responses <> coalesce(csat.csat_responses, 0)
    or abs(coalesce(health.csat_score_total, 0) - coalesce(csat.csat_score_total, 0))
    > 1e-9 * greatest(abs(coalesce(csat.csat_score_total, 0)), 1)
