{#- One row per period, category, agent tenure band and escalation reason:
    the escalation matrix of SPEC section 2, "what should we train on".
    - Cohort: tickets created in the period (period_grain month: the month of
      created_at; all_time: every ticket, period_month null). Escalations
      count on the ticket's creation month whenever they happened.
    - category: the ticket's current category ('unknown' when null);
      agent_tenure_band: the tenure at the ticket's creation of its first
      assignee, else its resolving agent (see int_ticket_diagnostic_attributes).
      Only leaf cells: every count adds up over categories and bands, so a
      roll-up is a sum (rates: sum of numerators / sum of denominators).
    - escalation_reason 'all': escalated tickets and every escalation of the
      cell; a reason row: the cell's tickets escalated at least once for that
      reason, and the escalations giving it. Every known reason has a row (0
      when none). The denominator stays the cell's tickets created, so the
      reason rates of a cell add up to at least its 'all' rate (a ticket
      escalated for two reasons counts in both); tickets_first_escalated
      (the first escalation's reason) adds up to the cell's escalated tickets.
    escalation_rate = escalated_tickets / tickets_created (SPEC);
    escalation_share = escalations / cell_escalations.
    is_period_complete: the month has ended at as_of (null on all_time). -#}
{%- set reasons = helpdesk_enums()['escalation_reason'] -%}
with tickets as (
    select * from {{ ref('fact_ticket') }}
),

attributes as (
    select * from {{ ref('int_ticket_diagnostic_attributes') }}
),

escalation_reasons as (
    select * from {{ ref('int_ticket_escalation_reasons') }}
),

as_of as (
    select as_of_at from {{ ref('int_as_of') }}
),

ticket_cells as (
    select
        tickets.ticket_id,
        {{ period_start('month', 'tickets.created_at') }} as period_month,
        coalesce(tickets.category, 'unknown') as category,
        attributes.agent_tenure_band,
        tickets.is_escalated,
        tickets.escalation_count
    from tickets
    inner join attributes
        on tickets.ticket_id = attributes.ticket_id
),

cell_totals as (
    select
        case when grouping(period_month) = 1 then 'all_time' else 'month' end as period_grain,
        period_month,
        category,
        agent_tenure_band,
        count(*) as tickets_created,
        count(case when is_escalated then 1 end) as escalated_tickets,
        cast(sum(escalation_count) as {{ dbt.type_bigint() }}) as escalations
    from ticket_cells
    group by category, agent_tenure_band, cube(period_month)
),

reason_totals as (
    select
        case
            when grouping(ticket_cells.period_month) = 1 then 'all_time' else 'month'
        end as period_grain,
        ticket_cells.period_month,
        ticket_cells.category,
        ticket_cells.agent_tenure_band,
        escalation_reasons.escalation_reason,
        count(*) as escalated_tickets,
        cast(sum(escalation_reasons.escalation_count) as {{ dbt.type_bigint() }}) as escalations,
        count(case when escalation_reasons.is_first_escalation_reason then 1 end)
            as tickets_first_escalated
    from ticket_cells
    inner join escalation_reasons
        on ticket_cells.ticket_id = escalation_reasons.ticket_id
    group by
        ticket_cells.category,
        ticket_cells.agent_tenure_band,
        escalation_reasons.escalation_reason,
        cube(ticket_cells.period_month)
),

reasons as (
    -- every known reason, and any other seen (unknown)
    {%- for reason in reasons %}
        select '{{ reason }}' as escalation_reason
        union
    {%- endfor %}
    select escalation_reason from escalation_reasons
),

matrix as (
    select
        period_grain,
        period_month,
        category,
        agent_tenure_band,
        'all' as escalation_reason,
        tickets_created,
        escalated_tickets,
        escalations,
        escalated_tickets as tickets_first_escalated,
        escalations as cell_escalations
    from cell_totals
    union all
    select
        cell_totals.period_grain,
        cell_totals.period_month,
        cell_totals.category,
        cell_totals.agent_tenure_band,
        reasons.escalation_reason,
        cell_totals.tickets_created,
        coalesce(reason_totals.escalated_tickets, 0) as escalated_tickets,
        coalesce(reason_totals.escalations, 0) as escalations,
        coalesce(reason_totals.tickets_first_escalated, 0) as tickets_first_escalated,
        cell_totals.escalations as cell_escalations
    from cell_totals
    cross join reasons
    left join reason_totals
        on cell_totals.period_grain = reason_totals.period_grain
            and cell_totals.period_month is not distinct from reason_totals.period_month
            and cell_totals.category = reason_totals.category
            and cell_totals.agent_tenure_band = reason_totals.agent_tenure_band
            and reasons.escalation_reason = reason_totals.escalation_reason
),

flagged as (
    -- whether the month has ended; null on the all_time rows
    select
        matrix.*,
        {{ is_period_complete('month', 'matrix.period_month', 'as_of.as_of_at') }}
            as is_period_complete
    from matrix
    cross join as_of
),

final as (
    select
        period_grain,
        period_month,
        is_period_complete,
        category,
        agent_tenure_band,
        escalation_reason,
        tickets_created,
        escalated_tickets,
        {{ safe_ratio('escalated_tickets', 'tickets_created') }} as escalation_rate,
        tickets_first_escalated,
        escalations,
        cell_escalations,
        {{ safe_ratio('escalations', 'cell_escalations') }} as escalation_share
    from flagged
)

select * from final
