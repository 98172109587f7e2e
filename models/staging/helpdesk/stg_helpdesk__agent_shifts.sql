{{ stage_helpdesk_table('agent_shifts', **staging_spec('agent_shifts')) }}
