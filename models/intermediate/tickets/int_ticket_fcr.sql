{#- One row per accepted ticket: first-contact resolution (SPEC section 2),
    with the signal behind a not_first_contact verdict:
    (a) a customer message that started a new contact between the first
        response and the first resolution,
    (b) a reopen within fcr_window_hours after the first resolution,
    (c) a customer-created ticket of the same customer and category within
        fcr_window_hours after the first resolution. -#}
{%- set window_hours = var('fcr_window_hours') -%}
{#- a malformed value is reported by validate_project_vars at run start; the
    guard only keeps parsing from failing first -#}
{%- set conversation_channels = var('fcr_conversation_channels') -%}
{%- if conversation_channels is string or conversation_channels is not iterable -%}
    {%- set conversation_channels = [] -%}
{%- endif -%}
{%- set conversation_list = "('" ~ conversation_channels | join("', '") ~ "')" -%}
{#- dbt cannot see this read: ticket_scope_filter() reads int_ticket_scope
    on incremental runs only -#}
-- depends_on: {{ ref('int_ticket_scope') }}
with timings as (
    -- every ticket: any of them may be the follow-up of a ticket in scope
    select * from {{ ref('int_ticket_timings') }}
),

scoped_timings as (
    select * from timings
    where {{ ticket_scope_filter() }}
),

customer_messages as (
    select * from {{ ref('int_interactions_sequenced') }}
    where interaction_type = 'message'
        and author_type = 'customer'
        and is_public
        and {{ ticket_scope_filter() }}
),

interactions as (
    -- a message up to this instant belongs to the previous contact
    select
        customer_messages.*,
        {{ add_minutes('previous_interaction_at', var('fcr_conversation_gap_minutes')) }}
            as same_contact_until
    from customer_messages
),

as_of as (
    select as_of_at from {{ ref('int_as_of') }}
),

windows as (
    select
        ticket_id,
        customer_id,
        category,
        channel,
        is_inbound,
        first_response_sequence,
        first_resolved_at,
        first_reopen_at,
        {% if conversation_channels | length > 0 -%}
            coalesce(channel in {{ conversation_list }}, false)
        {%- else -%}
            false
        {%- endif %} as is_conversation_channel,
        {{ dbt.dateadd('hour', window_hours, 'first_resolved_at') }} as fcr_window_end_at
    from scoped_timings
),

new_contacts as (
    select
        windows.ticket_id,
        count(*) as new_contact_count
    from windows
    inner join interactions
        on windows.ticket_id = interactions.ticket_id
    where interactions.message_sequence > windows.first_response_sequence
        and interactions.interaction_at < windows.first_resolved_at
        and (
            not windows.is_conversation_channel
            or interactions.previous_interaction_at is null
            or interactions.interaction_at > interactions.same_contact_until
        )
    group by windows.ticket_id
),

follow_ups as (
    select
        windows.ticket_id,
        count(*) as follow_up_ticket_count
    from windows
    inner join timings as later
        on windows.customer_id = later.customer_id
            and windows.category = later.category
    where later.is_inbound
        and later.ticket_id <> windows.ticket_id
        and later.created_at > windows.first_resolved_at
        and later.created_at <= windows.fcr_window_end_at
    group by windows.ticket_id
),

signals as (
    select
        windows.*,
        coalesce(new_contacts.new_contact_count, 0) > 0 as has_new_contact_before_resolution,
        coalesce(windows.first_reopen_at <= windows.fcr_window_end_at, false)
            as has_reopen_in_fcr_window,
        coalesce(follow_ups.follow_up_ticket_count, 0) > 0 as has_follow_up_ticket,
        windows.fcr_window_end_at <= as_of.as_of_at as is_fcr_window_elapsed
    from windows
    cross join as_of
    left join new_contacts
        on windows.ticket_id = new_contacts.ticket_id
    left join follow_ups
        on windows.ticket_id = follow_ups.ticket_id
),

final as (
    select
        ticket_id,
        fcr_window_end_at,
        has_new_contact_before_resolution,
        has_reopen_in_fcr_window,
        has_follow_up_ticket,
        case
            when not is_inbound then 'not_applicable'
            when first_resolved_at is null then 'unresolved'
            when has_new_contact_before_resolution
                or has_reopen_in_fcr_window
                or has_follow_up_ticket then 'not_first_contact'
            when not is_fcr_window_elapsed then 'pending'
            else 'first_contact'
        end as fcr_status
    from signals
)

select
    final.*,
    case fcr_status
        when 'first_contact' then true
        when 'not_first_contact' then false
    end as is_first_contact_resolved
from final
