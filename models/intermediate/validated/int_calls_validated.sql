{{ validated_rows('stg_helpdesk__calls', ticket_reference='optional') }}
