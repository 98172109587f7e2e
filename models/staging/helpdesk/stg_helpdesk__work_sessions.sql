{{ stage_helpdesk_table('work_sessions', **staging_spec('work_sessions')) }}
