{{ stage_helpdesk_table('messages', **staging_spec('messages')) }}
