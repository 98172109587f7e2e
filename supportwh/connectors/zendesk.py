"""Write a canonical helpdesk dataset (SPEC section 1) as Zendesk Support's
tables, the way Fivetran's connector lands them, and beside them the
canonical dataset as Zendesk can carry it.

    to_zendesk(canonical_dir, out_dir) -> ZendeskExport

out_dir/zendesk/  ticket, ticket_field_history, ticket_comment, user, group,
                  schedule, schedule_holiday, ticket_schedule, ticket_tag,
                  satisfaction_rating (Parquet, the connector's column names
                  and types: integer ids, UTC timestamps)
out_dir/canonical/ the eight tables of SPEC section 1 the zendesk source
                  provides, holding exactly what the Zendesk tables say: the
                  round-trip test builds the warehouse on each and compares
                  every public relation.

What Zendesk cannot carry is left out of the canonical copy too: ids become
Zendesk's integers; an escalation reason, an agent's team, tier, cost and
termination, a customer's segment, plan and churn; a message's channel
other than a call leg (a voice comment); ces and nps surveys; csat as 1-5
(a rating is good, 5, or bad, 1; 4 and 5 are good). Every event of one
ticket field at one second would be one history row: the input must not have
two (checked). Input: a dataset without the generator's bad rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..raw.register import sql_string
from .convert import case_sql, open_canonical, ts_sql

CATEGORY_FIELD = "360001234567"  # the id of the category custom field
CATEGORY_TAG_PREFIX = "category_"
GROUPS = {"L1": (1, "Tier 1"), "L2": (2, "Tier 2"), "L3": (3, "Tier 3")}
CUSTOMER_ID_BASE = 1_000_000  # users: agents 1.., end users from here
CHANNELS = {
    "email": "email",
    "chat": "chat",
    "phone": "voice",
    "social": "twitter",
    "web": "web",
    "api": "api",
}
ZENDESK_TABLES = (
    "ticket",
    "ticket_field_history",
    "ticket_comment",
    "user",
    "group",
    "schedule",
    "schedule_holiday",
    "ticket_schedule",
    "ticket_tag",
    "satisfaction_rating",
)
CANONICAL_TABLES = (
    "tickets",
    "ticket_events",
    "messages",
    "agents",
    "customers",
    "surveys",
    "schedules",
    "holidays",
)


@dataclass(frozen=True)
class ZendeskExport:
    zendesk_dir: Path
    canonical_dir: Path
    bot_user_ids: list[str]
    category_field: str = CATEGORY_FIELD

    @property
    def connector_dir(self) -> Path:
        return self.zendesk_dir

    def dbt_vars(self) -> dict:
        """The vars a build of the Zendesk tables needs (with connector_data_path)."""
        return {
            "helpdesk_source": "zendesk",
            "connector_data_path": str(self.zendesk_dir),
            "connector_bot_user_ids": self.bot_user_ids,
            "zendesk_category_field": self.category_field,
            "raw_data_path": "none",
        }


def to_zendesk(canonical_dir: str | Path, out_dir: str | Path) -> ZendeskExport:
    source = Path(canonical_dir)
    out = Path(out_dir)
    zendesk_dir, canonical_out = out / "zendesk", out / "canonical"
    zendesk_dir.mkdir(parents=True, exist_ok=True)
    canonical_out.mkdir(parents=True, exist_ok=True)
    con = open_canonical(source, CANONICAL_TABLES)

    # ---- ids: Zendesk's integers
    con.execute(
        """
        create table agent_ids as
        select agent_id, cast(dense_rank() over (order by agent_id) as bigint) as user_id, is_bot
        from src_agents;
        create table customer_ids as
        select customer_id,
            cast(dense_rank() over (order by customer_id) as bigint) + """
        + str(CUSTOMER_ID_BASE)
        + """ as user_id
        from src_customers;
        create table user_ids as
        select agent_id as source_id, user_id from agent_ids
        union all select customer_id, user_id from customer_ids
        union all select 'system', -1;
        create table ticket_ids as
        select ticket_id, cast(dense_rank() over (order by ticket_id) as bigint) as zendesk_id
        from src_tickets;
        create table organization_ids as
        select account_id, cast(dense_rank() over (order by account_id) as bigint) as zendesk_id
        from (select distinct account_id from src_customers where account_id is not null);
        create table schedule_ids as
        select schedule_id, is_default,
            cast(row_number() over (order by not is_default, schedule_id) as bigint) as zendesk_id
        from (select schedule_id, bool_or(is_default) as is_default from src_schedules group by 1);
        """
    )

    # ---- events as Zendesk field history, one row per field value
    group_case = case_sql({tier: str(gid) for tier, (gid, _) in GROUPS.items()}, "tier")
    con.execute(
        f"""
        create table history as
        with tickets as (
            select t.*, ids.zendesk_id
            from src_tickets as t join ticket_ids as ids using (ticket_id)
        ),
        events as (
            select e.*, ids.zendesk_id, actors.user_id as actor_user_id
            from src_ticket_events as e
            join ticket_ids as ids using (ticket_id)
            left join user_ids as actors on e.actor_id = actors.source_id
        ),
        first_escalations as (
            select ticket_id, arg_min(from_value, event_at) as tier
            from events where event_type = 'escalation' group by 1
        ),
        initial_rows as (
            select zendesk_id as ticket_id, 'priority' as field_name, created_at as changed_at,
                priority as value, null::bigint as user_id from tickets
            union all
            select zendesk_id, '{CATEGORY_FIELD}', created_at, category, null from tickets
            union all
            select tickets.zendesk_id, 'group_id', tickets.created_at,
                cast({group_case.replace("tier", "coalesce(first_escalations.tier, 'L1')")}
                    as varchar), null
            from tickets left join first_escalations using (ticket_id)
        ),
        event_rows as (
            select zendesk_id, case event_type
                    when 'status_change' then 'status'
                    when 'assignment' then 'assignee_id'
                    when 'priority_change' then 'priority'
                    when 'category_change' then '{CATEGORY_FIELD}'
                    when 'escalation' then 'group_id'
                end as field_name,
                event_at as changed_at,
                case event_type
                    when 'status_change' then case to_value when 'on_hold' then 'hold'
                        else to_value end
                    when 'assignment' then cast(
                        (select user_id from agent_ids where agent_id = to_value) as varchar)
                    when 'escalation' then cast({group_case.replace("tier", "to_value")}
                        as varchar)
                    else to_value
                end as value,
                actor_user_id as user_id
            from events
            where event_type in ('status_change', 'assignment', 'priority_change',
                'category_change', 'escalation')
        )
        select ticket_id, field_name, {ts_sql("changed_at")} as updated, user_id, value
        from initial_rows
        union all
        select zendesk_id, field_name, {ts_sql("changed_at")}, user_id, value from event_rows
        """
    )
    clashes = con.execute(
        "select count(*) from (select ticket_id, field_name, updated from history "
        "group by all having count(*) > 1)"
    ).fetchall()[0][0]
    if clashes:
        raise ValueError(f"{clashes} ticket fields change twice in one second: not one history row")

    # ---- the Zendesk tables
    channel_case = case_sql(CHANNELS, "t.channel")
    queries = {
        "ticket": f"""
            with last_values as (
                select ticket_id, field_name, arg_max(value, updated) as value
                from history group by all
            )
            select ids.zendesk_id as id, {ts_sql("t.created_at")} as created_at,
                customers.user_id as requester_id,
                case t.created_by_type
                    when 'customer' then customers.user_id
                    when 'bot' then (select min(user_id) from agent_ids where is_bot)
                    else coalesce(
                        (select min(cast(h.value as bigint)) from history as h
                         where h.ticket_id = ids.zendesk_id and h.field_name = 'assignee_id'),
                        (select min(user_id) from agent_ids where not is_bot))
                end as submitter_id,
                cast(assignees.value as bigint) as assignee_id,
                cast(groups.value as bigint) as group_id,
                organizations.zendesk_id as organization_id,
                {channel_case} as via_channel,
                priorities.value as priority,
                'question' as type,
                statuses.value as status,
                false as _fivetran_deleted
            from src_tickets as t
            join ticket_ids as ids using (ticket_id)
            left join customer_ids as customers on t.customer_id = customers.customer_id
            left join src_customers as c on t.customer_id = c.customer_id
            left join organization_ids as organizations on c.account_id = organizations.account_id
            left join last_values as assignees
                on assignees.ticket_id = ids.zendesk_id and assignees.field_name = 'assignee_id'
            left join last_values as groups
                on groups.ticket_id = ids.zendesk_id and groups.field_name = 'group_id'
            left join last_values as priorities
                on priorities.ticket_id = ids.zendesk_id and priorities.field_name = 'priority'
            left join last_values as statuses
                on statuses.ticket_id = ids.zendesk_id and statuses.field_name = 'status'
            order by id""",
        "ticket_field_history": """
            select ticket_id, field_name, updated, user_id, value from history
            order by ticket_id, updated, field_name""",
        "ticket_comment": f"""
            select cast(row_number() over (order by m.message_id) as bigint) as id,
                ids.zendesk_id as ticket_id,
                case when m.author_type = 'system' then -1 else authors.user_id end as user_id,
                {ts_sql("m.sent_at")} as created,
                m.is_public as public,
                'Message ' || m.message_id as body,
                null::bigint as call_id,
                m.channel = 'phone' as voice_comment,
                false as _fivetran_deleted
            from src_messages as m
            join ticket_ids as ids using (ticket_id)
            left join user_ids as authors on m.author_id = authors.source_id
            order by id""",
        "user": f"""
            select user_id as id, agent_name as name, 'agent' as role,
                null::bigint as organization_id, {ts_sql("hired_at")} as created_at,
                'UTC' as time_zone, false as _fivetran_deleted
            from src_agents join agent_ids using (agent_id)
            union all
            select customers.user_id, 'Customer ' || c.customer_id, 'end-user',
                organizations.zendesk_id, {ts_sql("c.signed_up_at")}, 'UTC', false
            from src_customers as c
            join customer_ids as customers using (customer_id)
            left join organization_ids as organizations using (account_id)
            order by id""",
        "group": "\nunion all\n".join(
            f"select {gid} as id, {sql_string(name)} as name" for gid, name in GROUPS.values()
        ),
        "schedule": """
            select distinct ids.zendesk_id as id, 'Schedule ' || s.schedule_id as name,
                coalesce(
                    (select min(zendesk_time_zone) from zones
                     where zones.iana_time_zone = s.timezone),
                    s.timezone) as time_zone,
                ((s.day_of_week + 1) % 7) * 1440
                    + extract(hour from cast(s.start_time as time)) * 60
                    + extract(minute from cast(s.start_time as time)) as start_time,
                ((s.day_of_week + 1) % 7) * 1440
                    + extract(hour from cast(s.end_time as time)) * 60
                    + extract(minute from cast(s.end_time as time)) as end_time,
                timestamp '2020-01-01 00:00:00' + ids.zendesk_id * interval 1 day as created_at
            from src_schedules as s join schedule_ids as ids using (schedule_id)
            order by id, start_time""",
        "schedule_holiday": """
            select cast(row_number() over (order by ids.zendesk_id, h.holiday_date) as bigint)
                    as id,
                ids.zendesk_id as schedule_id, h.holiday_name as name,
                h.holiday_date as start_date, h.holiday_date as end_date
            from src_holidays as h join schedule_ids as ids using (schedule_id)
            order by id""",
        "ticket_schedule": f"""
            select ids.zendesk_id as ticket_id, schedules.zendesk_id as schedule_id,
                {ts_sql("t.created_at")} as created_at
            from src_tickets as t
            join ticket_ids as ids using (ticket_id)
            join schedule_ids as schedules using (schedule_id)
            order by ticket_id""",
        "ticket_tag": f"""
            select ids.zendesk_id as ticket_id,
                {sql_string(CATEGORY_TAG_PREFIX)} || last_category.value as tag
            from ticket_ids as ids
            join (
                select ticket_id, arg_max(value, updated) as value from history
                where field_name = '{CATEGORY_FIELD}' group by 1
            ) as last_category on last_category.ticket_id = ids.zendesk_id
            order by ticket_id""",
        "satisfaction_rating": f"""
            select cast(row_number() over (order by s.survey_id) as bigint) as id,
                ids.zendesk_id as ticket_id,
                case when s.score is null then 'offered' when s.score >= 4 then 'good'
                    else 'bad' end as score,
                {ts_sql("s.sent_at")} as created_at,
                {ts_sql("coalesce(s.responded_at, s.sent_at)")} as updated_at
            from src_surveys as s join ticket_ids as ids using (ticket_id)
            where s.survey_type = 'csat'
            order by id""",
    }
    zones_csv = Path(__file__).resolve().parents[2] / "seeds/connectors/zendesk_time_zones.csv"
    con.execute(
        f"create table zones as select * from read_csv({sql_string(str(zones_csv))}, "
        "header = true, all_varchar = true)"
    )
    for table, query in queries.items():
        con.execute(f"create table zd_{table} as {query}")
        con.execute(
            f"copy zd_{table} to {sql_string(str(zendesk_dir / (table + '.parquet')))} "
            "(format parquet)"
        )

    # ---- the canonical tables as Zendesk carries them
    canonical = {
        "tickets": """
            select cast(ids.zendesk_id as varchar) as ticket_id,
                cast(customers.user_id as varchar) as customer_id, t.created_at,
                t.channel, t.category, t.priority, t.created_by_type,
                cast(schedules.zendesk_id as varchar) as schedule_id,
                -- the account: the connector schema the tables are read from
                'zendesk' as source_relation
            from src_tickets as t
            join ticket_ids as ids using (ticket_id)
            left join customer_ids as customers using (customer_id)
            left join schedule_ids as schedules using (schedule_id)""",
        "ticket_events": f"""
            with rows as (
                select h.*, lag(h.value) over (
                    partition by h.ticket_id, h.field_name order by h.updated, h.value
                ) as previous_value
                from zd_ticket_field_history as h
            ),
            tiers as (
                select rows.*,
                    {case_sql({str(g): t for t, (g, _) in GROUPS.items()}, "rows.value")}
                        as tier,
                    {
            case_sql({str(g): t for t, (g, _) in GROUPS.items()}, "rows.previous_value")
        } as previous_tier
                from rows
            )
            select cast(ticket_id as varchar) || ':' || field_name || ':'
                    || cast(updated as varchar) as event_id,
                cast(ticket_id as varchar) as ticket_id,
                strftime(updated, '%Y-%m-%dT%H:%M:%SZ') as event_at,
                case field_name
                    when 'status' then 'status_change'
                    when 'assignee_id' then 'assignment'
                    when 'priority' then 'priority_change'
                    when '{CATEGORY_FIELD}' then 'category_change'
                    when 'group_id' then 'escalation'
                end as event_type,
                cast(user_id as varchar) as actor_id,
                case field_name
                    when 'status' then case previous_value when 'hold' then 'on_hold'
                        else previous_value end
                    when 'group_id' then previous_tier
                    else previous_value
                end as from_value,
                case field_name
                    when 'status' then case value when 'hold' then 'on_hold' else value end
                    when 'group_id' then tier
                    else value
                end as to_value,
                null::varchar as reason
            from tiers
            where field_name in ('status', 'assignee_id')
                or (field_name in ('priority', '{CATEGORY_FIELD}')
                    and previous_value is not null)
                or (field_name = 'group_id' and previous_tier is not null
                    and tier > previous_tier)""",
        "messages": """
            select cast(c.id as varchar) as message_id, cast(c.ticket_id as varchar) as ticket_id,
                m.sent_at,
                case when c.user_id = -1 then 'system' else m.author_type end as author_type,
                cast(c.user_id as varchar) as author_id, m.is_public,
                case when c.voice_comment then 'phone' end as channel,
                c.body
            from zd_ticket_comment as c
            join src_messages as m on c.body = 'Message ' || m.message_id""",
        "agents": """
            select cast(user_id as varchar) as agent_id, agent_name, null::varchar as team,
                null::varchar as tier, a.is_bot, a.hired_at, null::varchar as terminated_at,
                null::double as hourly_cost
            from src_agents as a join agent_ids using (agent_id)""",
        "customers": """
            select cast(customers.user_id as varchar) as customer_id,
                cast(organizations.zendesk_id as varchar) as account_id,
                null::varchar as segment, null::varchar as plan, c.signed_up_at,
                null::varchar as churned_at
            from src_customers as c
            join customer_ids as customers using (customer_id)
            left join organization_ids as organizations using (account_id)""",
        "surveys": """
            select cast(r.id as varchar) as survey_id, cast(r.ticket_id as varchar) as ticket_id,
                'csat' as survey_type, s.sent_at,
                case when r.score <> 'offered' then s.responded_at end as responded_at,
                case r.score when 'good' then 5 when 'bad' then 1 end as score
            from zd_satisfaction_rating as r
            join (
                select *, row_number() over (order by survey_id) as n from src_surveys
                where survey_type = 'csat'
            ) as s on s.n = r.id""",
        "schedules": """
            select cast(ids.zendesk_id as varchar) as schedule_id, s.timezone, s.day_of_week,
                s.start_time, s.end_time, ids.zendesk_id = 1 as is_default
            from src_schedules as s join schedule_ids as ids using (schedule_id)""",
        "holidays": """
            select cast(ids.zendesk_id as varchar) as schedule_id, h.holiday_date, h.holiday_name
            from src_holidays as h join schedule_ids as ids using (schedule_id)""",
    }
    for table, query in canonical.items():
        con.execute(
            f"copy ({query}) to {sql_string(str(canonical_out / (table + '.parquet')))} "
            "(format parquet)"
        )
    bots = [
        str(row[0])
        for row in con.execute(
            "select user_id from agent_ids where is_bot order by user_id"
        ).fetchall()
    ]
    con.close()
    return ZendeskExport(zendesk_dir, canonical_out, bots)
