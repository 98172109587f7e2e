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
        body,
        -- first-response quality flags of the text (docs block
        -- metric_first_response_quality; null without a text): what leaves
        -- staging instead of the text
        {{ has_help_centre_link('body') }} as has_help_centre_link,
        {{ is_acknowledgement_only('body') }} as is_acknowledgement_only
    from judged
    where dq_reason is null
)

select * from final
