{{ config(enabled=is_helpdesk_source('intercom')) }}
{#- One row per Intercom contact id: its latest version (history mode keeps
    one per update: the active row, else the latest updated), with its
    company of that version (the first by id when it has several). -#}
with contacts as (
    select * from {{ ref('base_intercom__contact_history') }}
),

contact_companies as (
    select * from {{ ref('base_intercom__contact_company_history') }}
),

ranked as (
    select
        contacts.*,
        row_number() over (
            partition by contacts.contact_id
            order by
                case when contacts.is_active = false then 1 else 0 end,
                {{ parse_timestamp_utc('contacts.updated_at') }} desc,
                contacts.contact_role,
                contacts.contact_name
        ) as version_number,
        count(*) over (partition by contacts.contact_id) as version_count
    from contacts
    where contacts.contact_id is not null
),

company_versions as (
    -- the companies of the contact's latest version
    select
        contact_id,
        company_id,
        rank() over (
            partition by contact_id
            order by {{ parse_timestamp_utc('contact_updated_at') }} desc
        ) as version_rank
    from contact_companies
    where contact_id is not null
),

current_companies as (
    select
        contact_id,
        min(company_id) as company_id
    from company_versions
    where version_rank = 1
    group by contact_id
),

final as (
    select
        ranked.contact_id,
        current_companies.company_id,
        ranked.contact_name,
        ranked.contact_role,
        ranked.created_at,
        ranked.signed_up_at,
        -- rows of this contact in the table (history mode keeps several)
        ranked.version_count
    from ranked
    left join current_companies
        on ranked.contact_id = current_companies.contact_id
    where ranked.version_number = 1
)

select * from final
