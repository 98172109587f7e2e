{{ stage_helpdesk_table('leads', **staging_spec('leads')) }}
