{{ stage_helpdesk_table('ticket_events', **staging_spec('ticket_events')) }}
