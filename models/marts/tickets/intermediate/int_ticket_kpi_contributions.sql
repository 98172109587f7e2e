{#- One row per contribution of a ticket to the ticket KPI marts (its
    creation, resolution, first resolution, surveys, agent replies and backlog
    changes), with its instant and a hash of everything the marts read of it
    (macros/incremental/ticket_kpi_increments.sql). Written like the ticket
    models: an incremental run replaces the rows of the tickets in scope,
    after int_ticket_kpi_changes has compared them with the new ones. -#}
{#- dbt cannot see these: the macro reads the scope on incremental runs only,
    and must run after int_ticket_kpi_changes has read the previous ledger -#}
-- depends_on: {{ ref('int_ticket_scope') }}
-- depends_on: {{ ref('int_ticket_kpi_changes') }}
{{ ticket_kpi_contributions() }}
