{#- One row per accepted ticket: the attributes the diagnostic marts cut by
    that fact_ticket does not carry.
    - diagnostic_agent_id: the agent the escalation matrix judges: the first
      assignee, else the resolving agent (diagnostic_agent_source says which).
    - agent_tenure_days_at_creation: days from that agent's hired_at to the
      ticket's created_at (negative when hired after the ticket was created).
    - agent_tenure_band: those days in the bands of var tenure_band_days, with
      the labels of dim_agent.tenure_band (which is measured at as_of, not at
      the ticket); 'bot' for an AI agent, 'unknown' for an agent missing from
      the agents table or without hired_at, 'no_agent' for a ticket neither
      assigned nor resolved. A negative tenure falls in the first band.
    - first_resolution_agent_id: the agent who made the first resolution (the
      resolution the reopen window is measured from), from
      int_ticket_ownership: the same rule as resolved_by_agent_id, at the
      first resolution.
    - handling_class: automated (is_automated_resolution), bot_and_human (a
      bot replied and a human touched it, in either order), human (a human
      touched it, no bot reply), bot_only_unresolved (only a bot replied, not
      resolved), untouched (neither). A class of the whole ticket: it says
      who took part, not who resolved (a bot resolution the customer
      reopened and a person finished is bot_and_human).
    - first_resolver_class / final_resolver_class: who made the first
      resolution (first_resolution_agent_id) and the current one
      (resolved_by_agent_id): bot (an AI agent), human, unknown (an agent
      missing from the agents table), unattributed (resolved without an
      agent); null when there is no such resolution. The AI vs human
      comparisons judge each resolution by these (SPEC section 2). -#}
with timings as (
    select * from {{ ref('int_ticket_timings') }}
),

ownership as (
    select * from {{ ref('int_ticket_ownership') }}
),

agents as (
    select * from {{ ref('stg_helpdesk__agents') }}
),

ticket_agents as (
    select
        timings.ticket_id,
        timings.created_at,
        coalesce(timings.first_assignee_agent_id, ownership.resolved_by_agent_id)
            as diagnostic_agent_id,
        case
            when timings.first_assignee_agent_id is not null then 'first_assignee'
            when ownership.resolved_by_agent_id is not null then 'resolver'
        end as diagnostic_agent_source,
        ownership.first_resolution_agent_id,
        ownership.resolved_by_agent_id,
        timings.first_resolved_at,
        timings.resolved_at,
        case
            when ownership.is_automated_resolution then 'automated'
            when ownership.is_bot_touched and ownership.is_human_touched then 'bot_and_human'
            when ownership.is_human_touched then 'human'
            when ownership.is_bot_touched then 'bot_only_unresolved'
            else 'untouched'
        end as handling_class
    from timings
    inner join ownership
        on timings.ticket_id = ownership.ticket_id
),

with_tenure as (
    select
        ticket_agents.*,
        agents.is_bot as is_diagnostic_agent_bot,
        {{ dbt.datediff('agents.hired_at', 'ticket_agents.created_at', 'day') }}
            as agent_tenure_days_at_creation,
        case
            when ticket_agents.first_resolved_at is null then null
            when ticket_agents.first_resolution_agent_id is null then 'unattributed'
            when first_resolvers.agent_id is null then 'unknown'
            when first_resolvers.is_bot then 'bot'
            else 'human'
        end as first_resolver_class,
        case
            when ticket_agents.resolved_at is null then null
            when ticket_agents.resolved_by_agent_id is null then 'unattributed'
            when final_resolvers.agent_id is null then 'unknown'
            when final_resolvers.is_bot then 'bot'
            else 'human'
        end as final_resolver_class
    from ticket_agents
    left join agents
        on ticket_agents.diagnostic_agent_id = agents.agent_id
    left join agents as first_resolvers
        on ticket_agents.first_resolution_agent_id = first_resolvers.agent_id
    left join agents as final_resolvers
        on ticket_agents.resolved_by_agent_id = final_resolvers.agent_id
),

final as (
    select
        ticket_id,
        diagnostic_agent_id,
        diagnostic_agent_source,
        agent_tenure_days_at_creation,
        case
            when diagnostic_agent_id is null then 'no_agent'
            when is_diagnostic_agent_bot then 'bot'
            else coalesce({{ tenure_band('agent_tenure_days_at_creation') }}, 'unknown')
        end as agent_tenure_band,
        first_resolution_agent_id,
        handling_class,
        first_resolver_class,
        final_resolver_class
    from with_tenure
)

select * from final
