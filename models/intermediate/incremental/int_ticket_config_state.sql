{#- One row: the fingerprint of the configuration the ticket models read
    besides the raw event tables (see ticket_config_fingerprint_sql). fact_ticket
    records it; int_ticket_scope puts every ticket in scope when it changes. -#}
with final as (
    select {{ ticket_config_fingerprint_sql() }} as config_fingerprint
)

select * from final
