{{ validated_rows(
    'stg_helpdesk__ticket_events',
    ticket_reference='required',
    not_before_creation='event_at',
) }}
