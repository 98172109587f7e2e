{{ stage_helpdesk_table('agents', **staging_spec('agents')) }}
