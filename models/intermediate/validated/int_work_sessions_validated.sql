{{ validated_rows('stg_helpdesk__work_sessions', ticket_reference='required') }}
