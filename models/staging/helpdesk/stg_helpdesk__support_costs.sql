{{ stage_helpdesk_table('support_costs', **staging_spec('support_costs')) }}
