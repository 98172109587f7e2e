{{ validated_rows('stg_helpdesk__self_service_sessions', ticket_reference='optional') }}
