-- The agent of the first resolution follows the rule of resolved_by_agent_id
-- at first_resolved_at: on a ticket resolved once and resolved now, the two
-- instants coincide, so the two agents must too.
with tickets as (
    select * from {{ ref('fact_ticket') }}
),

attributes as (
    select * from {{ ref('int_ticket_diagnostic_attributes') }}
),

final as (
    select
        tickets.ticket_id,
        tickets.resolved_by_agent_id,
        attributes.first_resolution_agent_id
    from tickets
    inner join attributes
        on tickets.ticket_id = attributes.ticket_id
    where tickets.resolution_count = 1
        and tickets.resolved_at is not null
        and attributes.first_resolution_agent_id is distinct from tickets.resolved_by_agent_id
)

select * from final
