{{ validated_rows('stg_helpdesk__schedules') }}
