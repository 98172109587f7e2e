{{ config(enabled=is_helpdesk_source('zendesk')) }}
{#- One row per Zendesk user id: the current version when the connector
    keeps several (Fivetran's history mode: the active row, else the latest
    updated). A deleted user stays: their comments are still an agent's or
    a customer's. -#}
with users as (
    select * from {{ ref('base_zendesk__user') }}
),

ranked as (
    select
        users.*,
        row_number() over (
            partition by users.user_id
            order by
                case when users.is_active = false then 1 else 0 end,
                {{ parse_timestamp_utc('users.updated_at') }} desc,
                users.user_name
        ) as version_number,
        count(*) over (partition by users.user_id) as version_count
    from users
    where users.user_id is not null
),

final as (
    select
        user_id,
        organization_id,
        user_name,
        user_role,
        time_zone,
        created_at,
        -- rows of this user in the table (history mode keeps several)
        version_count
    from ranked
    where version_number = 1
)

select * from final
