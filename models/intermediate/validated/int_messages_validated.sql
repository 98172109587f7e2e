{{ validated_rows('stg_helpdesk__messages', ticket_reference='required') }}
