-- Intercom conversations with no customer: started by an admin or a bot
-- and with no contact in conversation_contact_history (the latest version),
-- or started by a contact the source does not name. They are kept as
-- tickets with no customer (no customer dimension, FCR follow-ups or
-- repeat contacts for them); this warning lists them with what the
-- conversation says, so the connector's sync can be checked
-- (docs/connectors/intercom.md). Only with the intercom source.
{{ config(
    severity='warn',
    enabled=var('helpdesk_source', 'helpdesk') == 'intercom',
) }}

with tickets as (
    select * from {{ ref('intercom__tickets') }}
),

versions as (
    select * from {{ ref('intercom__conversation_versions') }}
    where is_latest
),

final as (
    select
        tickets.ticket_id,
        versions.source_author_type,
        versions.source_delivered_as
    from tickets
    inner join versions
        on tickets.ticket_id = versions.conversation_id
    where tickets.customer_id is null
)

select * from final
