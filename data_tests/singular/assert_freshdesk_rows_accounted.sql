-- Every row of Freshdesk's tables is accounted for: the rows
-- dq_connector_row_counts says became tickets, messages, work sessions and
-- surveys are the rows of the mapping models the helpdesk base models read
-- (two computations of one number; a ticket's description message is
-- counted with its ticket), and each table's outcomes add up to the rows the
-- connector holds. Only with the freshdesk source.
{{ config(enabled=var('helpdesk_source', 'helpdesk') == 'freshdesk') }}

{#- the descriptions are counted with their tickets -#}
{{ connector_rows_accounted(
    'freshdesk',
    mapped={
        'tickets': ['ticket'],
        'messages': ['conversation'],
        'work_sessions': ['time_entries'],
        'surveys': ['satisfaction_rating'],
    },
    models={
        'tickets': none,
        'messages': "message_id not like '%:description'",
        'work_sessions': none,
        'surveys': none,
    },
    read_tables=['ticket', 'conversation', 'contact', 'agent', 'group', 'agent_group',
        'company', 'time_entries', 'satisfaction_rating', 'satisfaction_rating_value',
        'business_hour', 'business_hour_working_hour', 'business_hour_holiday'],
) }}
