{{ validated_rows('stg_helpdesk__surveys', ticket_reference='required') }}
