{#- One row per accepted ticket: who wrote its first response and what it
    says (docs block metric_first_response_quality), from the flags staging
    derives from the optional message text (the text itself stays there).
    first_response_quality: help_centre_link, acknowledgement_only,
    substantive, or unknown when the first response has no text; null for a
    ticket without a first response (outbound, or not answered yet). -#}
{#- dbt cannot see this read: ticket_scope_filter() reads int_ticket_scope
    on incremental runs only -#}
-- depends_on: {{ ref('int_ticket_scope') }}
with timings as (
    select * from {{ ref('int_ticket_timings') }}
    where {{ ticket_scope_filter() }}
),

messages as (
    select * from {{ ref('stg_helpdesk__messages') }}
    where {{ ticket_scope_filter() }}
),

classified as (
    select
        timings.ticket_id,
        messages.author_id as first_response_agent_id,
        case
            when timings.first_response_message_id is null then null
            when messages.has_help_centre_link then 'help_centre_link'
            when messages.is_acknowledgement_only then 'acknowledgement_only'
            when messages.is_acknowledgement_only is not null then 'substantive'
            else 'unknown'
        end as first_response_quality
    from timings
    left join messages
        on timings.first_response_message_id = messages.message_id
),

final as (
    select
        ticket_id,
        first_response_agent_id,
        first_response_quality,
        case first_response_quality
            when 'substantive' then true
            when 'help_centre_link' then true
            when 'acknowledgement_only' then false
        end as is_first_response_substantive
    from classified
)

select * from final
