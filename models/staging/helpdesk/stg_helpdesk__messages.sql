{#- The accepted rows of messages (SPEC section 1): typed, UTC, normalised;
    what downstream models read. The rejected ones, with their reasons, are in
    base_helpdesk__messages and dq_rejected_rows. -#}
with judged as (
    select * from {{ ref('base_helpdesk__messages') }}
),

final as (
    select
        message_id,
        ticket_id,
        sent_at,
        author_type,
        author_id,
        is_public,
        channel,
        -- optional (SPEC section 1): the text, null when the source has
        -- none; read only for first-response quality, never past staging
        body
    from judged
    where dq_reason is null
)

select * from final
