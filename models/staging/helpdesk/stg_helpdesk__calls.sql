{{ stage_helpdesk_table('calls', **staging_spec('calls')) }}
