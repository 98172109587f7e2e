{{ validated_rows('stg_helpdesk__support_costs') }}
