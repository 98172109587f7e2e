{#- The accepted rows of surveys (SPEC section 1): typed, UTC, normalised;
    what downstream models read. The rejected ones, with their reasons, are in
    base_helpdesk__surveys and dq_rejected_rows. -#}
with judged as (
    select * from {{ ref('base_helpdesk__surveys') }}
),

final as (
    select
        survey_id,
        ticket_id,
        survey_type,
        sent_at,
        responded_at,
        score
    from judged
    where dq_reason is null
)

select * from final
