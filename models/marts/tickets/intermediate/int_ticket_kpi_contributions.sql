{#- One row per contribution of a ticket to mart_ticket_kpis (its
    creation, resolution, first resolution, surveys, agent replies and backlog
    changes), with its instant and a hash of everything the KPI model reads of it
    (macros/incremental/ticket_kpi_increments.sql). Written like the ticket
    models: an incremental run replaces the rows of the tickets in scope,
    after int_ticket_kpi_changes has compared them with the new ones. -#}
{#- dbt cannot see these: the ledger must be rewritten after
    int_ticket_kpi_changes has read its previous rows, and on incremental
    runs the ticket_scope strategy deletes the rows of int_ticket_scope -#}
-- depends_on: {{ ref('int_ticket_kpi_changes') }}
-- depends_on: {{ ref('int_ticket_scope') }}
select * from {{ ref('int_ticket_kpi_contributions_current') }}
