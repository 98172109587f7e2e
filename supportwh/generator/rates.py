"""Lifecycle rates of a raw dataset: how often the situations the lifecycle
metrics need occur (pending and on-hold spells, priority changes, several
customer messages waiting for one reply, next-reply clocks, replies later than
the usual SLA targets, "thanks" after a solve, the open backlog at the end).

    python -m supportwh.generator.rates DIR [DIR ...]

prints one column per dataset. Reads the raw files with DuckDB, independently
of the dbt project: the numbers are the generator's view of its own output
(calendar time only; business-hours SLA verdicts come from the warehouse).
Rows of ``--bad-rows`` that do not parse are skipped.
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

_OPEN = "('new', 'open', 'pending', 'on_hold')"


def _load(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    def src(table: str) -> str:
        p = path / f"{table}.parquet"
        if p.exists():
            return f"read_parquet('{p}')"
        return f"read_csv('{path / f'{table}.csv'}', all_varchar = true, header = true)"

    def ts(col: str) -> str:
        return f"try_cast({col} as timestamptz)"

    con.execute("set timezone = 'UTC'")
    con.execute(
        f"""
        create or replace temp table t as
        select distinct ticket_id, {ts("created_at")} as created_at, channel, priority,
               created_by_type
        from {src("tickets")}
        where {ts("created_at")} is not null
          and channel in ('email', 'chat', 'phone', 'web', 'social', 'api')
        """
    )
    con.execute(
        f"""
        create or replace temp table e as
        select e.event_id, e.ticket_id, {ts("e.event_at")} as ts, e.event_type,
               e.from_value, e.to_value
        from {src("ticket_events")} e semi join t using (ticket_id)
        where e.event_type in ('status_change', 'assignment', 'escalation',
                               'category_change', 'priority_change')
        """
    )
    con.execute(
        f"""
        create or replace temp table m as
        select m.message_id, m.ticket_id, {ts("m.sent_at")} as ts, m.author_type,
               cast(m.is_public as boolean) as is_public
        from {src("messages")} m semi join t using (ticket_id)
        qualify count(*) over (partition by m.message_id) = 1
        """
    )
    con.execute(
        """
        create or replace temp table as_of as
        select greatest((select max(created_at) from t), (select max(ts) from e),
                        (select max(ts) from m)) as as_of
        """
    )
    # status spells (status changes in ticket order; the first spell is 'new')
    con.execute(
        """
        create or replace temp table sc as
        select ticket_id, ts, event_id, to_value as status,
               lead(ts) over (partition by ticket_id order by ts, event_id) as next_ts
        from e where event_type = 'status_change'
        """
    )
    # public customer messages and replies, with the status at the message
    con.execute(
        f"""
        create or replace temp table pm as
        with x as (
            select m.ticket_id, m.message_id, m.ts, t.created_at,
                   m.author_type = 'customer' as is_customer,
                   count(*) filter (where m.author_type in ('agent', 'bot')
                                    and m.ts >= t.created_at)
                       over (partition by m.ticket_id order by m.ts, m.message_id
                             rows between unbounded preceding and 1 preceding) as replies_before
            from m join t using (ticket_id)
            where m.is_public and m.author_type <> 'system'
        )
        select x.*, coalesce(sc.status, 'new') as status_at,
               coalesce(sc.status, 'new') in {_OPEN} as is_open_at
        from x asof left join sc on x.ticket_id = sc.ticket_id and x.ts >= sc.ts
        """
    )


def _rates(con: duckdb.DuckDBPyConnection) -> dict[str, float | int | str]:
    q = con.execute
    out: dict[str, float | int | str] = {}
    n = q("select count(*) from t").fetchone()[0]
    out["tickets"] = n
    for status in ("pending", "on_hold"):
        out[f"tickets with a {status} spell %"] = q(
            f"""select 100.0 * count(distinct ticket_id) / {n} from e
                where event_type = 'status_change' and to_value = '{status}'"""
        ).fetchone()[0]
    for ch in ("email", "chat", "web"):
        out[f"  {ch}: pending %"] = q(
            f"""select 100.0 * count(distinct e.ticket_id) filter (where e.ticket_id is not null)
                       / count(distinct t.ticket_id)
                from t left join e on e.ticket_id = t.ticket_id
                     and e.event_type = 'status_change' and e.to_value = 'pending'
                where t.channel = '{ch}'"""
        ).fetchone()[0]
    out["median pending spell h"] = q(
        """select median(epoch(least(coalesce(next_ts, a.as_of), a.as_of) - ts)) / 3600
           from sc, as_of a where status = 'pending'"""
    ).fetchone()[0]
    out["median on_hold spell h"] = q(
        """select median(epoch(least(coalesce(next_ts, a.as_of), a.as_of) - ts)) / 3600
           from sc, as_of a where status = 'on_hold'"""
    ).fetchone()[0]
    pc = q(
        """with r as (
               select ticket_id,
                      list_position(['low', 'normal', 'high', 'urgent'], from_value) as f,
                      list_position(['low', 'normal', 'high', 'urgent'], to_value) as t
               from e where event_type = 'priority_change')
           select count(*), count(distinct ticket_id),
                  100.0 * count(*) filter (where t > f and t >= 3) / nullif(count(*), 0),
                  100.0 * count(*) filter (where t < f) / nullif(count(*), 0)
           from r"""
    ).fetchone()
    out["priority_change events"] = pc[0]
    out["tickets with a priority change %"] = 100.0 * pc[1] / n
    out["  of them raised to high/urgent %"] = pc[2]
    out["  of them lowered %"] = pc[3]
    # customer messages waiting for one reply: those between two replies
    batch = q(
        """with g as (
               select ticket_id, replies_before, count(*) as k
               from pm where is_customer group by all),
           r as (select ticket_id, count(*) filter (where not is_customer and ts >= created_at)
                        as total
                 from pm group by all)
           select count(*) filter (where k >= 2), count(*),
                  count(distinct ticket_id) filter (where k >= 2)
           from g join r using (ticket_id) where g.replies_before < r.total"""
    ).fetchone()
    out["answered batches with 2+ customer msgs %"] = 100.0 * batch[0] / max(batch[1], 1)
    out["tickets with 2+ customer msgs before a reply %"] = 100.0 * batch[2] / n
    for ch in ("email", "chat"):
        out[f"  {ch}: 2+ customer msgs before a reply %"] = q(
            f"""with g as (select ticket_id from pm where is_customer
                           group by ticket_id, replies_before having count(*) >= 2)
                select 100.0 * count(distinct g.ticket_id) / count(distinct t.ticket_id)
                from t left join g using (ticket_id) where t.channel = '{ch}'"""
        ).fetchone()[0]
    # next-reply clocks: the first customer message after a reply, ticket open then
    nr = q(
        """with c as (
               select *, row_number() over (partition by ticket_id, replies_before
                                            order by ts, message_id) as k
               from pm where is_customer and ts >= created_at and replies_before > 0)
           select count(*) filter (where is_open_at), count(distinct ticket_id)
                  filter (where is_open_at),
                  count(distinct ticket_id) filter (where not is_open_at)
           from c where k = 1"""
    ).fetchone()
    out["next-reply clock starts"] = nr[0]
    out["tickets with a next-reply clock %"] = 100.0 * nr[1] / n
    thanks = q(
        """select count(distinct p.ticket_id) from pm p
           where p.is_customer and p.status_at = 'solved' and not exists (
               select 1 from sc where sc.ticket_id = p.ticket_id and sc.ts > p.ts
               and sc.ts <= p.ts + interval 1 hour and sc.status in ('new', 'open'))"""
    ).fetchone()[0]
    out["tickets with a customer msg after the solve, no reopen %"] = 100.0 * thanks / n
    reopened = q(
        """select count(distinct ticket_id) from (
               select ticket_id, status,
                      lag(status) over (partition by ticket_id order by ts, event_id) as prev
               from sc) where prev in ('solved', 'closed') and status not in ('solved', 'closed')"""
    ).fetchone()[0]
    out["reopened tickets %"] = 100.0 * reopened / n
    # first reply (calendar) of inbound tickets
    fr = q(
        """with f as (
               select t.channel, epoch(min(p.ts) - t.created_at) / 60 as m
               from t join pm p using (ticket_id)
               where t.created_by_type = 'customer' and not p.is_customer and p.ts >= t.created_at
               group by t.ticket_id, t.channel, t.created_at)
           select channel, median(m), 100.0 * avg((m > 30)::int), 100.0 * avg((m > 1440)::int)
           from f group by channel"""
    ).fetchall()
    frd = {r[0]: r[1:] for r in fr}
    for ch in ("email", "chat", "web"):
        if ch in frd:
            out[f"  {ch}: median first reply min"] = frd[ch][0]
    if "chat" in frd:
        out["chat first reply > 30 min %"] = frd["chat"][1]
    for ch in ("email", "web"):
        if ch in frd:
            out[f"{ch} first reply > 24 h %"] = frd[ch][2]
    # next reply (calendar): clock start -> the next reply
    nrm = q(
        """with c as (
               select *, row_number() over (partition by ticket_id, replies_before
                                            order by ts, message_id) as k
               from pm where is_customer and ts >= created_at and replies_before > 0
                    and is_open_at),
           s as (select c.ticket_id, epoch(min(p.ts) - c.ts) / 60 as m
                 from c join pm p on p.ticket_id = c.ticket_id and not p.is_customer
                      and p.replies_before = c.replies_before and p.ts >= c.ts
                 where c.k = 1 group by c.ticket_id, c.replies_before, c.ts)
           select median(m), 100.0 * avg((m > 480)::int) from s"""
    ).fetchone()
    out["median next reply min"] = nrm[0]
    out["next replies > 8 h %"] = nrm[1]
    # the open backlog at the end of the data
    bl = q(
        f"""with s as (
               select t.ticket_id, t.created_at, coalesce(
                   (select sc.status from sc where sc.ticket_id = t.ticket_id
                    order by sc.ts desc, sc.event_id desc limit 1), 'new') as status
               from t)
           select count(*),
                  count(*) filter (where a.as_of - created_at < interval 1 day),
                  count(*) filter (where a.as_of - created_at >= interval 1 day
                                   and a.as_of - created_at < interval 3 day),
                  count(*) filter (where a.as_of - created_at >= interval 3 day
                                   and a.as_of - created_at < interval 7 day),
                  count(*) filter (where a.as_of - created_at >= interval 7 day
                                   and a.as_of - created_at < interval 30 day),
                  count(*) filter (where a.as_of - created_at >= interval 30 day),
                  count(*) filter (where status = 'pending'),
                  count(*) filter (where status = 'on_hold')
           from s, as_of a where status in {_OPEN}"""
    ).fetchone()
    out["open at the end"] = bl[0]
    for name, v in zip(
        ("< 1 day", "1-3 days", "3-7 days", "7-30 days", "> 30 days", "pending", "on_hold"),
        bl[1:],
        strict=True,
    ):
        out[f"  open: {name}"] = v
    # the backlog at each day's end (UTC midnight), averaged over the days after the
    # first 30 (the warm-up, when the oldest tickets cannot be old yet)
    days = q(
        f"""with d as (
               select unnest(generate_series(date_trunc('day', min(created_at)) + interval 31 day,
                                             date_trunc('day', (select as_of from as_of)),
                                             interval 1 day)) as day_end from t),
           o as (
               select d.day_end, t.created_at from d
               join sc on sc.ts < d.day_end and (sc.next_ts is null or sc.next_ts >= d.day_end)
                      and sc.status in {_OPEN}
               join t using (ticket_id))
           select count(distinct day_end), count(*),
                  count(*) filter (where day_end - created_at < interval 1 day),
                  count(*) filter (where day_end - created_at >= interval 1 day
                                   and day_end - created_at < interval 3 day),
                  count(*) filter (where day_end - created_at >= interval 3 day
                                   and day_end - created_at < interval 7 day),
                  count(*) filter (where day_end - created_at >= interval 7 day
                                   and day_end - created_at < interval 30 day),
                  count(*) filter (where day_end - created_at >= interval 30 day)
           from o"""
    ).fetchone()
    k = max(days[0], 1)
    out["daily backlog after day 30, avg"] = days[1] / k
    for name, v in zip(
        ("< 1 day", "1-3 days", "3-7 days", "7-30 days", "> 30 days"), days[2:], strict=True
    ):
        out[f"  daily avg: {name}"] = v / k
    return out


def rates(path: str | Path) -> dict[str, float | int | str]:
    """The lifecycle rates of the raw dataset in ``path``."""
    con = duckdb.connect()
    try:
        _load(con, Path(path))
        return _rates(con)
    finally:
        con.close()


def main(argv: list[str] | None = None) -> int:
    paths = sys.argv[1:] if argv is None else argv
    if not paths:
        print("usage: python -m supportwh.generator.rates DIR [DIR ...]", file=sys.stderr)
        return 2
    cols = [rates(p) for p in paths]
    width = max(len(k) for k in cols[0])
    print(f"| {'rate':<{width}} | " + " | ".join(Path(p).name for p in paths) + " |")
    print(f"|{'-' * (width + 2)}|" + "|".join("---:" for _ in paths) + "|")
    for k in cols[0]:
        vals = []
        for c in cols:
            v = c.get(k)
            vals.append(f"{v:,.1f}" if isinstance(v, float) else f"{v:,}" if v is not None else "")
        print(f"| {k:<{width}} | " + " | ".join(vals) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
