{#- One row per customer activity counted by the customer-health marts
    (activity_type, activity_id unique):
    - 'ticket': a ticket of the customer created (activity_at = created_at);
      is_contact when the customer created it (inbound); is_repeat_contact
      when it is a contact and the same customer created an earlier contact
      of the same non-null (current) category at most var fcr_window_hours
      before it (boundary inclusive; ties ordered by created_at, ticket_id);
    - 'escalation': the ticket's first escalation (activity_at =
      first_escalated_at);
    - 'csat_response': an answered CSAT survey of one of the customer's
      tickets (activity_at = responded_at, csat_score = the score).
    Tickets without a customer_id are left out. -#}
with tickets as (
    select
        ticket_id,
        customer_id,
        category,
        created_at,
        is_inbound,
        first_escalated_at
    from {{ ref('fact_ticket') }}
    where customer_id is not null
),

csat_responses as (
    select
        survey_id,
        ticket_id,
        responded_at,
        score
    from {{ ref('stg_helpdesk__surveys') }}
    where survey_type = 'csat'
        and score is not null
        and responded_at is not null
),

contacts as (
    select
        ticket_id,
        created_at,
        lag(created_at) over (
            partition by customer_id, category
            order by created_at, ticket_id
        ) as previous_same_category_at
    from tickets
    where is_inbound and category is not null
),

repeat_contacts as (
    select
        ticket_id,
        coalesce(
            {{ dbt.dateadd('hour', var('fcr_window_hours'), 'previous_same_category_at') }}
            >= created_at,
            false
        ) as is_repeat_contact
    from contacts
),

final as (
    select
        'ticket' as activity_type,
        tickets.ticket_id as activity_id,
        tickets.customer_id,
        tickets.ticket_id,
        tickets.created_at as activity_at,
        tickets.is_inbound as is_contact,
        coalesce(repeat_contacts.is_repeat_contact, false) as is_repeat_contact,
        cast(null as {{ type_double() }}) as csat_score
    from tickets
    left join repeat_contacts
        on tickets.ticket_id = repeat_contacts.ticket_id

    union all

    select
        'escalation' as activity_type,
        ticket_id as activity_id,
        customer_id,
        ticket_id,
        first_escalated_at as activity_at,
        false as is_contact,
        false as is_repeat_contact,
        cast(null as {{ type_double() }}) as csat_score
    from tickets
    where first_escalated_at is not null

    union all

    select
        'csat_response' as activity_type,
        csat_responses.survey_id as activity_id,
        tickets.customer_id,
        tickets.ticket_id,
        csat_responses.responded_at as activity_at,
        false as is_contact,
        false as is_repeat_contact,
        csat_responses.score as csat_score
    from csat_responses
    inner join tickets
        on csat_responses.ticket_id = tickets.ticket_id
)

select * from final
