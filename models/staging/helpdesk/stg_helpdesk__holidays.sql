{{ stage_helpdesk_table('holidays', **staging_spec('holidays')) }}
