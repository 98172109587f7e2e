{#- One row per accepted status change, in ticket order (event_at, then
    event_id): the status it left (the previous change's to_value, else new:
    the chain the status spells and the backlog snapshot follow, so that the
    backlog counted from created, reopened and resolved tickets equals the
    tickets open at the same instant; the raw from_value is not used, and
    assert_status_from_value_follows_history warns where it disagrees),
    whether it is a resolution (into solved/closed from neither) or a reopen
    (out of solved/closed), the last resolution before it, and the spell it
    opens (valid until the next status change). -#}
{#- dbt cannot see this read: ticket_scope_filter() reads int_ticket_scope
    on incremental runs only -#}
-- depends_on: {{ ref('int_ticket_scope') }}
with events as (
    select * from {{ ref('stg_helpdesk__ticket_events') }}
    where event_type = 'status_change'
        and {{ ticket_scope_filter() }}
),

ordered as (
    select
        ticket_id,
        event_id,
        event_at,
        actor_id,
        to_value as to_status,
        coalesce(
            lag(to_value) over (partition by ticket_id order by event_at, event_id),
            'new'
        ) as from_status,
        -- bigint on every engine (Spark's row_number is an int)
        cast(row_number() over (
            partition by ticket_id order by event_at, event_id
        ) as {{ dbt.type_bigint() }}) as status_sequence,
        lead(event_at) over (
            partition by ticket_id order by event_at, event_id
        ) as valid_to,
        lead(event_id) over (
            partition by ticket_id order by event_at, event_id
        ) is null as is_current
    from events
),

flagged as (
    select
        ordered.*,
        to_status in ('solved', 'closed')
        and from_status not in ('solved', 'closed') as is_resolution,
        from_status in ('solved', 'closed')
        and to_status in ('new', 'open', 'pending', 'on_hold') as is_reopen
    from ordered
),

final as (
    select
        flagged.*,
        max(case when is_resolution then event_at end) over (
            partition by ticket_id
            order by event_at, event_id
            rows between unbounded preceding and 1 preceding
        ) as previous_resolution_at
    from flagged
)

select * from final
