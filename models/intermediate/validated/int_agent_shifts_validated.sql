{{ validated_rows('stg_helpdesk__agent_shifts') }}
