{{ stage_helpdesk_table('self_service_sessions', **staging_spec('self_service_sessions')) }}
