-- Every row of the connector's tables is accounted for: the rows
-- dq_connector_row_counts says became tickets, events, messages and surveys
-- are the rows of the mapping models the helpdesk base models read (two
-- computations of one number), and each table's outcomes add up to the rows
-- the connector holds. Only with a connector source.
{{ config(enabled=var('helpdesk_source', 'helpdesk') == 'zendesk') }}

{{ connector_rows_accounted(
    'zendesk',
    mapped={
        'tickets': ['ticket'],
        'ticket_events': ['ticket_field_history'],
        'messages': ['ticket_comment'],
        'surveys': ['satisfaction_rating'],
    },
    models={'tickets': none, 'ticket_events': none, 'messages': none, 'surveys': none},
    read_tables=['ticket_field_history', 'ticket_comment'],
) }}
