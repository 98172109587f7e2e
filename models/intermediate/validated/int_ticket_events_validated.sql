{{ validated_rows('stg_helpdesk__ticket_events', ticket_reference='required') }}
