-- Every row of the connector's tables is accounted for: the rows
-- dq_connector_row_counts says became tickets, events, messages and surveys
-- are the rows of the mapping models the helpdesk base models read (two
-- computations of one number), and each table's outcomes add up to the rows
-- the connector holds. Only with a connector source.
{{ config(enabled=var('helpdesk_source', 'helpdesk') == 'zendesk') }}

with ledger as (
    select * from {{ ref('dq_connector_row_counts') }}
),

mapped as (
    select
        outcome as spec_table,
        sum(row_count) as ledger_rows
    from ledger
    where outcome in ('tickets', 'ticket_events', 'messages', 'surveys')
        and source_table in (
            'ticket', 'ticket_field_history', 'ticket_comment', 'satisfaction_rating'
        )
    group by outcome
),

model_rows as (
    select
        'tickets' as spec_table,
        count(*) as model_rows
    from {{ ref('zendesk__tickets') }}
    union all
    select
        'ticket_events' as spec_table,
        count(*) as model_rows
    from {{ ref('zendesk__ticket_events') }}
    union all
    select
        'messages' as spec_table,
        count(*) as model_rows
    from {{ ref('zendesk__messages') }}
    union all
    select
        'surveys' as spec_table,
        count(*) as model_rows
    from {{ ref('zendesk__surveys') }}
),

read_rows as (
    select
        'ticket_field_history' as source_table,
        count(*) as rows_read
    from {{ ref('base_zendesk__ticket_field_history') }}
    union all
    select
        'ticket_comment' as source_table,
        count(*) as rows_read
    from {{ ref('base_zendesk__ticket_comment') }}
),

ledger_totals as (
    select
        source_table,
        sum(row_count) as ledger_rows
    from ledger
    group by source_table
),

final as (
    select
        model_rows.spec_table as relation,
        coalesce(mapped.ledger_rows, 0) as ledger_rows,
        model_rows.model_rows as actual_rows
    from model_rows
    left join mapped
        on model_rows.spec_table = mapped.spec_table
    where coalesce(mapped.ledger_rows, 0) <> model_rows.model_rows
    union all
    select
        read_rows.source_table as relation,
        coalesce(ledger_totals.ledger_rows, 0) as ledger_rows,
        read_rows.rows_read as actual_rows
    from read_rows
    left join ledger_totals
        on read_rows.source_table = ledger_totals.source_table
    where coalesce(ledger_totals.ledger_rows, 0) <> read_rows.rows_read
)

select * from final
