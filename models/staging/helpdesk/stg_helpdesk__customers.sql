{{ stage_helpdesk_table('customers', **staging_spec('customers')) }}
