-- mart_customer_health agrees with the facts, customer by customer:
-- its months hold every ticket of the customer once (tickets_created), every
-- customer-created ticket (inbound_tickets_created), every ticket with an
-- escalation (tickets_first_escalated_in_month) and every answered CSAT
-- survey of the customer's tickets (csat_responses_received,
-- csat_score_total), counted here from fact_ticket
-- and the validated surveys; and every customer of dim_customer with a
-- ticket has rows. Relative tolerance 1e-9 on the score total.
with tickets as (
    select
        customer_id,
        count(*) as tickets_created,
        count(case when is_inbound then 1 end) as inbound_tickets_created,
        count(first_escalated_at) as tickets_first_escalated_in_month
    from {{ ref('fact_ticket') }}
    where customer_id is not null
    group by customer_id
),

csat as (
    select
        tickets.customer_id,
        count(*) as csat_responses_received,
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
        sum(inbound_tickets_created) as inbound_tickets_created,
        sum(tickets_first_escalated_in_month) as tickets_first_escalated_in_month,
        sum(csat_responses_received) as csat_responses_received,
        sum(csat_score_total) as csat_score_total
    from {{ ref('mart_customer_health') }}
    group by customer_id
)

select
    coalesce(health.customer_id, tickets.customer_id) as customer_id,
    health.tickets_created,
    tickets.tickets_created as fact_tickets_created,
    health.csat_responses_received,
    csat.csat_responses_received as fact_csat_responses_received
from tickets
full outer join health
    on tickets.customer_id = health.customer_id
left join csat
    on coalesce(health.customer_id, tickets.customer_id) = csat.customer_id
where health.customer_id is null
    or health.tickets_created <> coalesce(tickets.tickets_created, 0)
    or health.inbound_tickets_created <> coalesce(tickets.inbound_tickets_created, 0)
    or health.tickets_first_escalated_in_month
    <> coalesce(tickets.tickets_first_escalated_in_month, 0)
    or health.csat_responses_received <> coalesce(csat.csat_responses_received, 0)
    or abs(coalesce(health.csat_score_total, 0) - coalesce(csat.csat_score_total, 0))
    > 1e-9 * greatest(abs(coalesce(csat.csat_score_total, 0)), 1)
