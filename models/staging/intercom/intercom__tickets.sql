{{ config(enabled=is_helpdesk_source('intercom')) }}
{#- The tickets table of SPEC section 1 from Intercom's conversations
    (docs/connectors/intercom.md), one row per conversation; read and
    judged by base_helpdesk__tickets like a raw file. The current values
    come from the conversation's latest version (conversation_history keeps
    one per update), the priority from its first.
    - customer: the conversation's source author when a contact (user or
      lead) started it, else its contact (conversation_contact_history,
      latest version);
    - channel: source_type:source_delivered_as, else source_type, through
      the value map; none or unmapped: other;
    - category: the conversation's tag starting with var
      intercom_category_tag_prefix (stripped; of several the first
      alphabetically), else `uncategorized`;
    - priority: priority / not_priority of the first version through the
      value map; none or unmapped: var connector_default_priority;
    - created_by_type: the source author's role (an admin agent, or bot for
      a bot or a user of var connector_bot_user_ids);
    - schedule: none (Intercom's office hours are not in the connector's
      tables: the default schedule of raw_data_path applies). -#}
{#- a prefix that is not text is named by validate_project_vars at run start;
    here it must not stop the parse first -#}
{%- set tag_prefix = var('intercom_category_tag_prefix') -%}
{%- set tag_prefix = tag_prefix if tag_prefix is string else none -%}
with versions as (
    select * from {{ ref('intercom__conversation_versions') }}
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

latest as (
    select * from versions
    where is_latest
),

first_versions as (
    select
        conversation_id,
        priority
    from versions
    where version_number = 1
),

contact_versions as (
    select
        conversation_id,
        contact_id,
        rank() over (
            partition by conversation_id
            order by {{ parse_timestamp_utc('conversation_updated_at') }} desc
        ) as version_rank
    from conversation_contacts
),

current_contacts as (
    select
        conversation_id,
        min(contact_id) as contact_id
    from contact_versions
    where version_rank = 1
    group by conversation_id
),

tag_versions as (
    select
        conversation_tags.conversation_id,
        tags.tag_name,
        rank() over (
            partition by conversation_tags.conversation_id
            order by {{ parse_timestamp_utc('conversation_tags.conversation_updated_at') }} desc
        ) as version_rank
    from conversation_tags
    left join tags
        on conversation_tags.tag_id = tags.tag_id
),

category_tags as (
    select
        conversation_id,
        {%- if tag_prefix %}
            min({{ dbt.right('tag_name', dbt.length('tag_name') ~ ' - ' ~ (tag_prefix | length)) }})
                as category
        {%- else %}
        cast(null as {{ dbt.type_string() }}) as category
        {%- endif %}
    from tag_versions
    where version_rank = 1
        {%- if tag_prefix %}
            and {{ dbt.position(sql_text_literal(tag_prefix | lower), 'lower(tag_name)') }} = 1
            and {{ dbt.length('tag_name') }} > {{ tag_prefix | length }}
        {%- else %}
        and 1 = 0
    {%- endif %}
    group by conversation_id
),

final as (
    select
        latest.conversation_id as ticket_id,
        latest.source_relation,
        case
            when author_roles.canonical_value = 'customer' then latest.source_author_id
            else current_contacts.contact_id
        end as customer_id,
        latest.created_at,
        -- none, or one the value map does not name: other
        coalesce(
            delivery_map.canonical_value, channel_map.canonical_value, 'other'
        ) as channel,
        coalesce(category_tags.category, 'uncategorized') as category,
        -- none, or one the value map does not name: the default priority
        coalesce(
            priority_map.canonical_value, {{ sql_text_literal(var('connector_default_priority')) }}
        ) as priority,
        case
            when latest.source_author_id in ({{ connector_bot_ids_sql() }}) then 'bot'
            when author_roles.canonical_value in ('agent', 'bot') then author_roles.canonical_value
            else 'customer'
        end as created_by_type,
        cast(null as {{ dbt.type_string() }}) as schedule_id,
        -- the raw layer's bookkeeping (a mapped row has no file line)
        {{ connector_raw_bookkeeping('latest.conversation_id', 'latest.created_at') }}
    from latest
    left join first_versions
        on latest.conversation_id = first_versions.conversation_id
    left join current_contacts
        on latest.conversation_id = current_contacts.conversation_id
    left join category_tags
        on latest.conversation_id = category_tags.conversation_id
    left join value_maps as delivery_map
        on delivery_map.field = 'channel'
            and latest.source_type || ':' || latest.source_delivered_as
            = delivery_map.source_value
    left join value_maps as channel_map
        on channel_map.field = 'channel'
            and latest.source_type = channel_map.source_value
    left join value_maps as priority_map
        on priority_map.field = 'priority'
            and first_versions.priority = priority_map.source_value
    left join value_maps as author_roles
        on author_roles.field = 'role'
            and latest.source_author_type = author_roles.source_value
)

select * from final
