-- Every row of Intercom's tables is accounted for: the rows
-- dq_connector_row_counts says became tickets, events, messages and
-- customers are the rows of the mapping models the helpdesk base models
-- read (two computations of one number; a conversation's opening message is
-- counted with its conversation), and each table's outcomes add up to the
-- rows the connector holds. Only with the intercom source.
{{ config(enabled=var('helpdesk_source', 'helpdesk') == 'intercom') }}

{#- the opening message is counted with its conversation -#}
{{ connector_rows_accounted(
    'intercom',
    mapped={
        'tickets': ['conversation_history'],
        'ticket_events': ['conversation_history', 'conversation_part_history'],
        'messages': ['conversation_part_history'],
        'customers': ['contact_history'],
    },
    models={
        'tickets': none,
        'ticket_events': none,
        'messages': "message_id not like '%:source'",
        'customers': none,
    },
    read_tables=[
        'conversation_history', 'conversation_part_history', 'admin', 'team', 'team_admin',
        'contact_history', 'contact_company_history', 'conversation_contact_history',
        'conversation_tag_history', 'tag',
    ],
) }}
