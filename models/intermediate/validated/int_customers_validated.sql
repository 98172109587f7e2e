{{ validated_rows('stg_helpdesk__customers') }}
