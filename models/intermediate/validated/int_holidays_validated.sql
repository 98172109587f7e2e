{{ validated_rows('stg_helpdesk__holidays') }}
