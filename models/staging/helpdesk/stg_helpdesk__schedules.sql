{{ stage_helpdesk_table('schedules', **staging_spec('schedules')) }}
