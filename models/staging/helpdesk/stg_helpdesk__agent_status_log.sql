{{ stage_helpdesk_table('agent_status_log', **staging_spec('agent_status_log')) }}
