{{ stage_helpdesk_table('surveys', **staging_spec('surveys')) }}
