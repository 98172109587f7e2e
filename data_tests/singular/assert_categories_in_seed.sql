-- Categories seen on tickets but missing from the ticket_categories seed:
-- the tickets are kept with null complexity tier and service class. A
-- warning, not an error: categories are free text and a new one should not
-- stop the build, only ask for the seed to be extended.
{{ config(severity='warn') }}

select
    category,
    ticket_count
from {{ ref('dim_category') }}
where not is_in_seed
