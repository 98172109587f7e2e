{{ config(enabled=is_helpdesk_source('intercom')) }}
{#- One row per Intercom table read and outcome: how many of its rows became
    rows of which SPEC table, and how many were not mapped, and why
    (docs/connectors/intercom.md). Every row read is counted once: rows read
    = the sum over a table's outcomes. What a SPEC table then accepts or
    rejects is in dq_raw_row_counts and dq_rejected_rows. -#}
{#- a prefix that is not text is named by validate_project_vars at run start;
    here it must not stop the parse first -#}
{%- set tag_prefix = var('intercom_category_tag_prefix') -%}
{%- set tag_prefix = tag_prefix if tag_prefix is string else none -%}
with base_versions as (
    select * from {{ ref('base_intercom__conversation_history') }}
),

versions as (
    select * from {{ ref('intercom__conversation_versions') }}
),

base_parts as (
    select * from {{ ref('base_intercom__conversation_part_history') }}
),

parts as (
    select * from {{ ref('intercom__conversation_parts') }}
),

admins as (
    select * from {{ ref('base_intercom__admin') }}
),

teams as (
    select * from {{ ref('base_intercom__team') }}
),

team_admins as (
    select * from {{ ref('base_intercom__team_admin') }}
),

base_contacts as (
    select * from {{ ref('base_intercom__contact_history') }}
),

contacts as (
    select * from {{ ref('intercom__contacts') }}
),

contact_companies as (
    select * from {{ ref('base_intercom__contact_company_history') }}
),

conversation_contacts as (
    select * from {{ ref('base_intercom__conversation_contact_history') }}
),

conversation_tags as (
    select * from {{ ref('base_intercom__conversation_tag_history') }}
),

tags as (
    select * from {{ ref('base_intercom__tag') }}
),

value_maps as (
    -- matched case-insensitively (the data's values are lower-cased)
    select * from {{ ref('connector__value_maps') }}
),

ranked_contact_companies as (
    select
        rank() over (
            partition by contact_id
            order by {{ parse_timestamp_utc('contact_updated_at') }} desc
        ) as version_rank
    from contact_companies
),

ranked_conversation_contacts as (
    select
        rank() over (
            partition by conversation_id
            order by {{ parse_timestamp_utc('conversation_updated_at') }} desc
        ) as version_rank
    from conversation_contacts
),

ranked_conversation_tags as (
    select
        tags.tag_name,
        rank() over (
            partition by conversation_tags.conversation_id
            order by {{ parse_timestamp_utc('conversation_tags.conversation_updated_at') }} desc
        ) as version_rank
    from conversation_tags
    left join tags
        on conversation_tags.tag_id = tags.tag_id
),

outcomes as (
    select
        'conversation_history' as source_table,
        outcome
    from versions

    union all

    select
        'conversation_history' as source_table,
        'not mapped: no id' as outcome
    from base_versions
    where conversation_id is null

    union all

    select
        'conversation_part_history' as source_table,
        outcome
    from parts

    union all

    select
        'conversation_part_history' as source_table,
        'not mapped: no id' as outcome
    from base_parts
    where part_id is null

    union all

    select
        'admin' as source_table,
        case when admin_id is null then 'not mapped: no id' else 'agents' end as outcome
    from admins

    union all

    select
        'team' as source_table,
        'read: the tier of escalations and the team of agents' as outcome
    from teams

    union all

    select
        'team_admin' as source_table,
        case
            when is_deleted then 'not mapped: deleted in Intercom'
            else 'agents'
        end as outcome
    from team_admins

    union all

    select
        'contact_history' as source_table,
        case
            when role_map.canonical_value = 'customer' then 'customers'
            else 'not mapped: role ' || coalesce(contacts.contact_role, '<null>')
                || ' is not a customer in seeds/connectors/connector_value_maps.csv'
        end as outcome
    from contacts
    left join value_maps as role_map
        on role_map.field = 'role'
            and contacts.contact_role = role_map.source_value

    union all

    select
        'contact_history' as source_table,
        'not mapped: no id' as outcome
    from base_contacts
    where contact_id is null

    union all

    select
        'contact_company_history' as source_table,
        case
            when version_rank = 1 then 'customers'
            else 'not mapped: an earlier version of the contact (history mode)'
        end as outcome
    from ranked_contact_companies

    union all

    select
        'conversation_contact_history' as source_table,
        case
            when version_rank = 1 then 'tickets'
            else 'not mapped: an earlier version of the conversation (history mode)'
        end as outcome
    from ranked_conversation_contacts

    union all

    select
        'conversation_tag_history' as source_table,
        case
            when version_rank > 1
                then 'not mapped: an earlier version of the conversation (history mode)'
            {%- if tag_prefix %}
                when {{ dbt.position(sql_text_literal(tag_prefix | lower), 'lower(tag_name)') }} = 1
                    then 'tickets'
            {%- endif %}
            else 'not mapped: not a category tag'
        end as outcome
    from ranked_conversation_tags

    union all

    select
        'tag' as source_table,
        'read: tag names' as outcome
    from tags
),

counted as (
    select
        source_table,
        outcome,
        count(*) as row_count
    from outcomes
    group by source_table, outcome

    union all

    -- history mode: the rows of a part beyond its latest version
    select
        'conversation_part_history' as source_table,
        'not mapped: an earlier version of the part (history mode)' as outcome,
        sum(version_count - 1) as row_count
    from parts
    having sum(version_count - 1) > 0

    union all

    -- history mode: the rows of a contact beyond its latest version
    select
        'contact_history' as source_table,
        'not mapped: an earlier version of the contact (history mode)' as outcome,
        sum(version_count - 1) as row_count
    from contacts
    having sum(version_count - 1) > 0
),

final as (
    select
        source_table,
        outcome,
        row_count
    from counted
)

select * from final
