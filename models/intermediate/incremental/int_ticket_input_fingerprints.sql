{#- One row per ticket with accepted raw rows: a fingerprint of every
    accepted row that the ticket models read for it (its own row and its
    events, messages, work sessions, calls and surveys), built from the
    content hashes the base staging tables keep (dq_row_hash). fact_ticket
    stores the fingerprint its row was computed from; an incremental run
    recomputes the tickets whose fingerprint differs from the stored one
    (int_ticket_scope): a row edited in place at any age, a row deleted, a
    row moved to another ticket (both tickets), or a row newly accepted or
    rejected.
    The segment and plan of the ticket's customer are part of it too (the SLA
    policies read the segment, the KPI marts slice by both): a customer
    moving to another segment or plan recomputes that customer's tickets,
    not every ticket.
    The fingerprint is the row count and the sum of the rows' 64-bit hashes:
    order-independent, so it needs no sort. -#}
with accepted_rows as (
    {%- for table in ticket_scope_tables() %}
        select
            ticket_id,
            dq_row_hash
        from {{ ref('base_helpdesk__' ~ table) }}
        where dq_reason is null and ticket_id is not null
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
    union all
    select
        tickets.ticket_id,
        {{ hash64(["coalesce(customers.segment, '~')", "coalesce(customers.plan, '~')"]) }}
            as dq_row_hash
    from {{ ref('base_helpdesk__tickets') }} as tickets
    left join {{ ref('stg_helpdesk__customers') }} as customers
        on tickets.customer_id = customers.customer_id
    where tickets.dq_reason is null and tickets.ticket_id is not null
),

final as (
    select
        ticket_id,
        {{ dbt.concat([
            'cast(count(*) as ' ~ dbt.type_string() ~ ')',
            "'/'",
            'cast(sum(cast(dq_row_hash as decimal(38, 0))) as ' ~ dbt.type_string() ~ ')',
        ]) }} as input_fingerprint
    from accepted_rows
    group by ticket_id
)

select * from final
