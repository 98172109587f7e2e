{{ stage_helpdesk_table('tickets', **staging_spec('tickets')) }}
