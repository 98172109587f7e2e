{{ validated_rows('stg_helpdesk__agent_status_log') }}
