"""Tests of the synthetic raw-data generator (supportwh.generator).

Fast: every dataset here is a few thousand tickets (the whole file runs in
seconds). Only pyarrow and the stdlib are used to read the output back.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
import pyarrow.parquet as pq
import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from supportwh.generator import badrows  # noqa: E402
from supportwh.generator import config as C  # noqa: E402
from supportwh.generator.cli import main  # noqa: E402
from supportwh.generator.core import generate  # noqa: E402
from supportwh.generator.writer import TABLES  # noqa: E402

TABLE_NAMES = [
    "tickets",
    "ticket_events",
    "messages",
    "work_sessions",
    "agents",
    "customers",
    "surveys",
    "agent_status_log",
    "agent_shifts",
    "calls",
    "self_service_sessions",
    "leads",
    "support_costs",
    "schedules",
    "holidays",
]
# SPEC section 1: tables and their columns, in order
SPEC_COLUMNS = {
    "tickets": [
        "ticket_id",
        "customer_id",
        "created_at",
        "channel",
        "category",
        "priority",
        "created_by_type",
        "schedule_id",
    ],
    "ticket_events": [
        "event_id",
        "ticket_id",
        "event_at",
        "event_type",
        "actor_id",
        "from_value",
        "to_value",
        "reason",
    ],
    "messages": [
        "message_id",
        "ticket_id",
        "sent_at",
        "author_type",
        "author_id",
        "is_public",
        "channel",
        "body",
    ],
    "work_sessions": ["session_id", "ticket_id", "agent_id", "started_at", "ended_at"],
    "agents": [
        "agent_id",
        "agent_name",
        "team",
        "tier",
        "is_bot",
        "hired_at",
        "terminated_at",
        "hourly_cost",
    ],
    "customers": [
        "customer_id",
        "account_id",
        "segment",
        "plan",
        "signed_up_at",
        "churned_at",
        "mrr",
    ],
    "surveys": ["survey_id", "ticket_id", "survey_type", "sent_at", "responded_at", "score"],
    "agent_status_log": ["agent_id", "status", "started_at", "ended_at"],
    "agent_shifts": ["agent_id", "shift_id", "activity", "scheduled_start", "scheduled_end"],
    "calls": [
        "call_id",
        "ticket_id",
        "customer_id",
        "agent_id",
        "direction",
        "queued_at",
        "answered_at",
        "ended_at",
        "abandoned_at",
        "hold_seconds",
        "after_call_work_seconds",
        "outcome",
    ],
    "self_service_sessions": [
        "session_id",
        "customer_id",
        "started_at",
        "ended_at",
        "entry_point",
        "outcome",
        "ticket_id",
        "category",
    ],
    "leads": ["lead_id", "created_at", "first_contacted_at", "converted_at", "agent_id"],
    "support_costs": ["month", "cost_type", "amount"],
    "schedules": ["schedule_id", "timezone", "day_of_week", "start_time", "end_time", "is_default"],
    "holidays": ["schedule_id", "holiday_date", "holiday_name"],
}
ID_COLUMN = {
    "tickets": "ticket_id",
    "ticket_events": "event_id",
    "messages": "message_id",
    "work_sessions": "session_id",
    "agents": "agent_id",
    "customers": "customer_id",
    "surveys": "survey_id",
    "agent_shifts": "shift_id",
    "calls": "call_id",
    "self_service_sessions": "session_id",
    "leads": "lead_id",
}
SMALL = dict(tickets=2000, seed=7, days=60, progress=False)


def _gen(path: Path, **kw) -> Path:
    args = {**SMALL, **kw}
    generate(path, args.pop("tickets"), **args)
    return path


@pytest.fixture(scope="module")
def ds(tmp_path_factory) -> Path:
    return _gen(tmp_path_factory.mktemp("a"))


@pytest.fixture(scope="module")
def chunked(tmp_path_factory) -> Path:
    """Several chunks (ids and streams must continue across chunk boundaries)."""
    return _gen(tmp_path_factory.mktemp("chunked"), chunk_size=600, tickets=2500, seed=3)


def read(path: Path, table: str) -> pa.Table:
    p = path / f"{table}.parquet"
    if p.exists():
        return pq.read_table(p)
    return pcsv.read_csv(
        path / f"{table}.csv",
        convert_options=pcsv.ConvertOptions(
            column_types={c: pa.string() for c, _, _ in TABLES[table]}, strings_can_be_null=True
        ),
    )


def rows(path: Path, table: str) -> list[dict]:
    return read(path, table).to_pylist()


def epoch(value: str) -> float:
    """ISO-8601 -> epoch seconds (no offset = UTC), as the SPEC reads it."""
    d = dt.datetime.fromisoformat(value)
    if d.tzinfo is None:
        d = d.replace(tzinfo=dt.timezone.utc)
    return d.timestamp()


def digest(path: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(path.iterdir())}


# ------------------------------------------------------------------ layout
def test_every_table_and_column_of_spec_section_1(ds):
    assert sorted(p.name for p in ds.iterdir()) == sorted(f"{t}.parquet" for t in TABLE_NAMES)
    for t in TABLE_NAMES:
        want = SPEC_COLUMNS[t]
        assert pq.read_schema(ds / f"{t}.parquet").names == want, t
        assert read(ds, t).num_rows > 0, t


def test_parquet_types(ds):
    for t in TABLE_NAMES:
        sch = pq.read_schema(ds / f"{t}.parquet")
        for f in sch:
            if f.name in ("hold_seconds", "after_call_work_seconds", "score", "day_of_week"):
                assert f.type == pa.int64(), (t, f)
            elif f.name in ("hourly_cost", "amount", "mrr"):
                assert f.type == pa.float64(), (t, f)
            elif f.name in ("is_public", "is_bot", "is_default"):
                assert f.type == pa.bool_(), (t, f)
            else:
                assert f.type == pa.string(), (t, f)


def test_id_formats_sort_like_numbers(ds):
    for t, col in ID_COLUMN.items():
        ids = read(ds, t).column(col).to_pylist()
        assert None not in ids
        assert len(set(ids)) == len(ids), f"duplicate {t}.{col}"
        assert len({len(i) for i in ids}) == 1, f"{t}.{col} not fixed width"
        nums = [int(i.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) for i in ids]
        assert sorted(ids) == [i for _, i in sorted(zip(nums, ids, strict=True))]
    assert read(ds, "tickets").column("ticket_id")[0].as_py() == "T0000000001"
    assert read(ds, "agents").column("agent_id")[0].as_py() == "A0001"


def test_csv_layout(tmp_path):
    out = _gen(tmp_path / "csv", out_fmt="csv", tickets=300)
    for t in TABLE_NAMES:
        header = (out / f"{t}.csv").read_text().splitlines()[0]
        assert header == ",".join(SPEC_COLUMNS[t]), t
    text = (out / "messages.csv").read_text()
    assert ",true," in text and ",false," in text
    assert ",," in (out / "ticket_events.csv").read_text()  # nulls are empty fields


# ------------------------------------------------------------------ validity (SPEC section 3)
def _check_valid(path: Path):
    tickets = rows(path, "tickets")
    created = {r["ticket_id"]: epoch(r["created_at"]) for r in tickets}
    agents = {r["agent_id"]: r for r in rows(path, "agents")}
    customers = {r["customer_id"] for r in rows(path, "customers")}
    assert len(created) == len(tickets)
    for r in tickets:
        assert r["channel"] in C.CHANNELS
        assert r["priority"] in C.PRIORITIES
        assert r["created_by_type"] in C.CREATED_BY
        assert r["category"]
        assert r["customer_id"] in customers
        assert r["schedule_id"] in (None, *C.SCHEDULES)

    # events: after creation, known enums, coherent status chains
    last_status: dict[str, str] = {}
    tiers = set(C.TIERS)
    for e in rows(path, "ticket_events"):
        tid = e["ticket_id"]
        assert tid in created
        assert epoch(e["event_at"]) >= created[tid], e
        et = e["event_type"]
        assert et in C.EVENT_TYPES, e
        actor = e["actor_id"]
        assert actor == "system" or actor in agents or actor in customers, e
        if et == "status_change":
            assert e["to_value"] in C.STATUSES
            assert e["from_value"] == last_status.get(tid), e
            assert e["from_value"] != e["to_value"]
            # the optional root cause only on a reopen (out of solved or closed)
            assert e["reason"] is None or (
                e["reason"] in C.REOPEN_REASONS and e["from_value"] in ("solved", "closed")
            ), e
            last_status[tid] = e["to_value"]
        elif et == "assignment":
            assert e["to_value"] in agents, e
        elif et == "escalation":
            assert e["to_value"] in tiers and e["from_value"] in tiers
            assert e["reason"] in C.ESCALATION_REASONS
        elif et == "category_change":
            assert e["to_value"] and e["from_value"] and e["to_value"] != e["from_value"]
        elif et == "linked_issue":
            assert e["to_value"].startswith("ENG-") and e["from_value"] is None, e
            assert e["reason"] in C.LINKED_ISSUE_REASONS and actor in agents, e
        else:
            assert e["to_value"] in C.PRIORITIES and e["from_value"] in C.PRIORITIES
    assert set(last_status) == set(created)  # every ticket has its 'new' status

    # messages: ticket exists, after creation except the rare documented early stamps
    early = 0
    msgs = rows(path, "messages")
    for m in msgs:
        assert m["ticket_id"] in created, m
        assert m["author_type"] in C.AUTHOR_TYPES
        assert m["channel"] in C.CHANNELS
        if m["author_type"] == "system":
            assert m["author_id"] is None
        elif m["author_type"] == "customer":
            assert m["author_id"] in customers
        else:
            assert agents[m["author_id"]]["is_bot"] == (m["author_type"] == "bot")
        delta = epoch(m["sent_at"]) - created[m["ticket_id"]]
        if delta < 0:
            early += 1
            assert m["author_type"] == "customer" and delta >= -120, m
    assert early <= max(3, 0.005 * len(created))

    for w in rows(path, "work_sessions"):
        assert w["ticket_id"] in created and w["agent_id"] in agents
        assert not agents[w["agent_id"]]["is_bot"]
        assert epoch(w["ended_at"]) >= epoch(w["started_at"]) >= created[w["ticket_id"]]

    for s in rows(path, "surveys"):
        lo, hi = C.SURVEY_SCALES[s["survey_type"]]
        assert s["ticket_id"] in created
        assert (s["score"] is None) == (s["responded_at"] is None)
        if s["score"] is not None:
            assert lo <= s["score"] <= hi
            assert epoch(s["responded_at"]) >= epoch(s["sent_at"])

    for c in rows(path, "calls"):
        assert c["ticket_id"] is None or c["ticket_id"] in created
        assert c["customer_id"] is None or c["customer_id"] in customers
        assert c["agent_id"] is None or c["agent_id"] in agents
        assert c["direction"] in C.CALL_DIRECTIONS
        q = epoch(c["queued_at"])
        if c["answered_at"]:
            assert epoch(c["ended_at"]) >= epoch(c["answered_at"]) >= q
            assert c["hold_seconds"] >= 0 and c["after_call_work_seconds"] >= 0
        if c["abandoned_at"]:
            assert c["answered_at"] is None and c["ticket_id"] is None
            assert epoch(c["abandoned_at"]) >= q
        if c["direction"] == "outbound":
            assert c["outcome"] in C.CALL_OUTCOMES
        else:
            assert c["outcome"] is None

    for s in rows(path, "self_service_sessions"):
        assert s["entry_point"] in C.SS_ENTRY_POINTS and s["outcome"] in C.SS_OUTCOMES
        assert epoch(s["ended_at"]) >= epoch(s["started_at"])
        assert (s["ticket_id"] is not None) == (s["outcome"] == "escalated")
        if s["ticket_id"]:
            assert s["ticket_id"] in created and epoch(s["ended_at"]) <= created[s["ticket_id"]]

    for r in rows(path, "agent_status_log"):
        assert r["agent_id"] in agents and r["status"] in C.AGENT_STATUSES
        assert epoch(r["ended_at"]) > epoch(r["started_at"])
    shift_ids = set()
    for r in rows(path, "agent_shifts"):
        assert r["agent_id"] in agents and r["activity"] in C.SHIFT_ACTIVITIES
        assert epoch(r["scheduled_end"]) > epoch(r["scheduled_start"])
        shift_ids.add(r["shift_id"])
    for r in rows(path, "leads"):
        if r["first_contacted_at"]:
            assert epoch(r["first_contacted_at"]) >= epoch(r["created_at"])
            assert r["agent_id"] in agents
        if r["converted_at"]:
            assert epoch(r["converted_at"]) >= epoch(r["first_contacted_at"])
    for a in agents.values():
        assert a["tier"] in C.TIERS and a["hourly_cost"] > 0
        if a["terminated_at"]:
            assert epoch(a["terminated_at"]) > epoch(a["hired_at"])
    for r in rows(path, "customers"):
        assert r["segment"] in C.SEGMENTS and r["plan"] in C.PLANS
        # the optional mrr: a price, 0 on the free plan only
        assert r["mrr"] >= 0 and (r["mrr"] == 0) == (r["plan"] == "free"), r
        if r["churned_at"]:
            assert epoch(r["churned_at"]) > epoch(r["signed_up_at"])
    for r in rows(path, "support_costs"):
        assert dt.date.fromisoformat(r["month"]).day == 1
        assert r["cost_type"] in C.COST_TYPES and r["amount"] >= 0
    sched = rows(path, "schedules")
    assert {r["schedule_id"] for r in sched if r["is_default"]} == {"SCH01"}
    for r in sched:
        assert 0 <= r["day_of_week"] <= 6
        assert dt.time.fromisoformat(r["start_time"]) < dt.time.fromisoformat(r["end_time"])
    for r in rows(path, "holidays"):
        assert r["schedule_id"] in C.SCHEDULES
        dt.date.fromisoformat(r["holiday_date"])


def test_valid_without_bad_rows(ds):
    _check_valid(ds)


def test_valid_across_chunks(chunked):
    _check_valid(chunked)
    ids = read(chunked, "tickets").column("ticket_id").to_pylist()
    assert ids == [f"T{i:010d}" for i in range(1, 2501)]
    created = [epoch(v) for v in read(chunked, "tickets").column("created_at").to_pylist()]
    assert created == sorted(created)  # ticket ids follow creation time


def test_realistic_shape(chunked):
    t = rows(chunked, "tickets")
    n = len(t)
    ch = Counter(r["channel"] for r in t)
    for c, share in zip(C.CHANNELS, C.CHANNEL_MIX, strict=True):
        assert abs(ch[c] / n - share) < 0.04, (c, ch[c] / n)
    by = Counter(r["created_by_type"] for r in t)
    assert 0.85 < by["customer"] / n < 0.96 and by["agent"] and by["bot"]
    ev = rows(chunked, "ticket_events")
    reopened = {
        e["ticket_id"]
        for e in ev
        if e["event_type"] == "status_change"
        and e["from_value"] in ("solved", "closed")
        and e["to_value"] not in ("solved", "closed")
    }
    assert 0.04 < len(reopened) / n < 0.14
    escalated = {e["ticket_id"] for e in ev if e["event_type"] == "escalation"}
    assert 0.05 < len(escalated) / n < 0.16
    sv = [s for s in rows(chunked, "surveys") if s["survey_type"] == "csat"]
    answered = [s["score"] for s in sv if s["score"] is not None]
    assert 0.2 < len(answered) / len(sv) < 0.4
    assert sum(s >= 4 for s in answered) / len(answered) > 0.6
    weekday = Counter(dt.datetime.fromisoformat(r["created_at"]).weekday() for r in t)
    assert (weekday[5] + weekday[6]) / 2 < 0.5 * (sum(weekday[d] for d in range(5)) / 5)
    # every tenure band is present among the humans, and bots exist
    ag = rows(chunked, "agents")
    assert sum(a["is_bot"] for a in ag) >= 2
    assert {a["tier"] for a in ag if not a["is_bot"]} == {"L1", "L2", "L3"}
    calls = rows(chunked, "calls")
    assert any(c["abandoned_at"] for c in calls)
    assert {c["outcome"] for c in calls if c["direction"] == "outbound"} == set(C.CALL_OUTCOMES)


# ------------------------------------------------------------------ workforce consistency
# Interval arithmetic over agents' timelines: a time t of agent g is the key g << 34 | t.
_TB = 34


def _secs(col) -> np.ndarray:
    """Parquet timestamp strings ('...Z', whole seconds) -> epoch seconds."""
    return pc.cast(pc.cast(col, pa.timestamp("s", tz="UTC")), pa.int64()).to_numpy(
        zero_copy_only=False
    )


def _codes(col, agent_ids: pa.Array) -> np.ndarray:
    return pc.index_in(col, value_set=agent_ids).to_numpy(zero_copy_only=False).astype(np.int64)


def _union(g, s, e):
    """The union of intervals [s, e) per agent g: disjoint sorted (start key, end key)."""
    ks, ke = (g << _TB) | s, (g << _TB) | e
    o = np.argsort(ks, kind="stable")
    ks, ke = ks[o], ke[o]
    if len(ks) == 0:
        return ks, ke
    reach = np.maximum.accumulate(ke)
    new = np.ones(len(ks), bool)
    new[1:] = ks[1:] > reach[:-1]
    us = ks[new]
    ue = np.zeros(len(us), np.int64)
    np.maximum.at(ue, np.cumsum(new) - 1, ke)
    return us, ue


def _covered(union, g, a, b):
    """Seconds of [a, b) of agent g that lie inside ``union``."""
    us, ue = union
    cum = np.concatenate([[0], np.cumsum(ue - us)])

    def upto(x):
        i = np.searchsorted(us, x, side="right") - 1
        ii = np.maximum(i, 0)
        part = np.clip(np.minimum(x, ue[ii]) - us[ii], 0, None) if len(us) else 0
        return np.where(i >= 0, cum[ii] + part, 0)

    return upto((g << _TB) | b) - upto((g << _TB) | a)


class Workforce:
    """agent_status_log, agent_shifts, work_sessions and calls of a dataset as numpy arrays."""

    def __init__(self, path: Path):
        agents = read(path, "agents")
        ids = agents.column("agent_id")
        self.bots = set(np.flatnonzero(agents.column("is_bot").to_numpy(zero_copy_only=False)))
        st = read(path, "agent_status_log")
        self.sg = _codes(st["agent_id"], ids)
        self.ss, self.se = _secs(st["started_at"]), _secs(st["ended_at"])
        self.status = np.array(st["status"].to_pylist())
        sh = read(path, "agent_shifts")
        self.hg = _codes(sh["agent_id"], ids)
        self.hs, self.he = _secs(sh["scheduled_start"]), _secs(sh["scheduled_end"])
        self.activity = np.array(sh["activity"].to_pylist())
        ws = read(path, "work_sessions")
        self.wg = _codes(ws["agent_id"], ids)
        self.wa, self.wb = _secs(ws["started_at"]), _secs(ws["ended_at"])
        # calls an agent took part in: answered ones, and outbound ones not answered
        cl = read(path, "calls").filter(pc.is_valid(pc.field("agent_id")))
        self.cg = _codes(cl["agent_id"], ids)
        self.ce = _secs(cl["ended_at"])
        self.acw = cl["after_call_work_seconds"].to_numpy(zero_copy_only=False)
        answered = cl["answered_at"].is_valid().to_numpy(zero_copy_only=False)
        never = "1970-01-01T00:00:00Z"
        self.ca = np.where(answered, _secs(pc.fill_null(cl["answered_at"], never)), -1)
        # the agent is on the call from the answer (outbound: from dialling) to the end
        outbound = np.array(cl["direction"].to_pylist()) == "outbound"
        self.c_on = np.where(outbound, _secs(cl["queued_at"]), self.ca)

    def status_union(self, *statuses):
        m = np.isin(self.status, statuses) if statuses else np.ones(len(self.sg), bool)
        return _union(self.sg[m], self.ss[m], self.se[m])

    def shift_union(self, *activities):
        m = np.isin(self.activity, activities) if activities else np.ones(len(self.hg), bool)
        return _union(self.hg[m], self.hs[m], self.he[m])

    def shares(self) -> dict[str, float]:
        """Shares of work time inside the status log and the schedule."""
        w = (self.wg, self.wa, self.wb)
        ans = self.ca >= 0
        c = (self.cg[ans], self.ca[ans], self.ce[ans])  # talk time of answered calls
        w_sec, c_sec = (self.wb - self.wa).sum(), (c[2] - c[1]).sum()
        busy = self.status_union("handling", "after_call_work")
        handling = self.status_union("handling")
        shifts = self.shift_union()
        work = self.shift_union("work")
        acw_end = self.ce + self.acw
        return {
            "session_in_handling_or_acw": _covered(busy, *w).sum() / w_sec,
            "talk_in_handling": _covered(handling, *c).sum() / c_sec,
            "acw_in_after_call_work": _covered(
                self.status_union("after_call_work"), self.cg, self.ce, acw_end
            ).sum()
            / self.acw.sum(),
            "session_in_shift": _covered(shifts, *w).sum() / w_sec,
            "session_in_work_block": _covered(work, *w).sum() / w_sec,
            "talk_in_shift": _covered(shifts, *c).sum() / c_sec,
        }

    def shift_days(self):
        """(agent, first scheduled start, last scheduled end) of every shift day."""
        us, ue = self.shift_union()
        return us >> _TB, us & ((1 << _TB) - 1), ue & ((1 << _TB) - 1)


@pytest.fixture(scope="module")
def wf(chunked) -> Workforce:
    return Workforce(chunked)


def test_phone_tickets_come_from_calls(chunked):
    tickets = {r["ticket_id"]: r for r in rows(chunked, "tickets")}
    end = max(epoch(r["created_at"]) for r in tickets.values())
    assigned = {(e["ticket_id"], e["to_value"]) for e in rows(chunked, "ticket_events")}
    by_ticket: dict[str, list[dict]] = {}
    for c in rows(chunked, "calls"):
        if c["direction"] == "inbound" and c["answered_at"]:
            assert c["ticket_id"], "an answered inbound call always has its ticket"
        if c["ticket_id"]:
            assert tickets[c["ticket_id"]]["channel"] == "phone"
            by_ticket.setdefault(c["ticket_id"], []).append(c)
    phone = [t for t in tickets.values() if t["channel"] == "phone"]
    assert {t["created_by_type"] for t in phone} == {"customer", "agent"}
    for t in phone:
        calls = by_ticket.get(t["ticket_id"], [])
        if not calls:  # a call still running at the end of the period is not in the data
            assert epoch(t["created_at"]) > end - 4 * 3600, t
            continue
        (c,) = calls
        assert c["queued_at"] == t["created_at"], (t, c)
        assert c["direction"] == ("inbound" if t["created_by_type"] == "customer" else "outbound")
        assert (t["ticket_id"], c["agent_id"]) in assigned  # the agent on the call owns the ticket


def test_status_log_is_one_status_at_a_time_for_humans_only(wf):
    assert len(wf.sg) > 0 and (wf.sg >= 0).all() and (wf.hg >= 0).all()
    assert not wf.bots & set(wf.sg) and not wf.bots & set(wf.hg)  # bots have no shifts
    o = np.lexsort((wf.ss, wf.sg))
    g, s, e = wf.sg[o], wf.ss[o], wf.se[o]
    same = g[1:] == g[:-1]
    assert (s[1:][same] >= e[:-1][same]).all(), "overlapping status intervals of an agent"
    # neighbours with the same status are merged into one row
    touching = same & (s[1:] == e[:-1])
    assert not (touching & (wf.status[o][1:] == wf.status[o][:-1])).any()
    assert set(wf.status) == set(C.AGENT_STATUSES)


def test_work_sessions_and_calls_are_handling_in_the_status_log(wf):
    sh = wf.shares()
    assert sh["session_in_handling_or_acw"] >= 0.98, sh
    assert sh["talk_in_handling"] >= 0.98, sh
    # after-call work follows the calls (unless the agent's next call comes first)
    assert sh["acw_in_after_call_work"] >= 0.8, sh
    # and the other way round: handling / after_call_work are nothing but that work
    work = _union(
        np.concatenate([wf.wg, wf.cg, wf.cg]),
        np.concatenate([wf.wa, wf.c_on, wf.ce]),
        np.concatenate([wf.wb, wf.ce, wf.ce + wf.acw]),
    )
    for status in ("handling", "after_call_work"):
        m = wf.status == status
        inside = _covered(work, wf.sg[m], wf.ss[m], wf.se[m]).sum()
        assert inside / (wf.se[m] - wf.ss[m]).sum() >= 0.99, status


def test_work_falls_in_scheduled_shifts_with_a_little_overtime(wf):
    sh = wf.shares()
    assert sh["session_in_shift"] >= 0.9 and sh["talk_in_shift"] >= 0.9, sh
    assert sh["session_in_work_block"] >= 0.85, sh
    assert sh["session_in_shift"] < 0.999, "no overtime at all is not realistic"
    # nobody is logged in as available outside the period of a shift day
    g, a, b = wf.shift_days()
    near = _union(g, a - 3 * 3600, b + 4 * 3600)
    m = wf.status == "available"
    assert (_covered(near, wf.sg[m], wf.ss[m], wf.se[m]) == wf.se[m] - wf.ss[m]).all()


def test_status_log_follows_the_shift_blocks(wf):
    g, a, b = wf.shift_days()
    scheduled = b - a
    logged = _covered(wf.status_union(), g, a - 3 * 3600, b + 4 * 3600)
    diff = np.abs(logged - scheduled)
    assert np.median(diff) <= 15 * 60, np.median(diff)
    assert (diff <= 3600).mean() >= 0.95
    # late log-ins: the first status of the day starts > 10 min after the shift
    us, _ = wf.status_union()
    at = np.minimum(np.searchsorted(us, (g << _TB) | (a - 3 * 3600)), len(us) - 1)
    assert (us[at] >> _TB == g).all()  # every shift day has its status log
    first = us[at] & ((1 << _TB) - 1)
    late = (first - a > 600).mean()
    assert 0.01 < late < 0.15, late
    # scheduled breaks, meetings and trainings show as those statuses (edges a few minutes off)
    for act in ("break", "meeting", "training"):
        m = wf.activity == act
        shown = _covered(wf.status_union(act), wf.hg[m], wf.hs[m], wf.he[m]).sum()
        assert shown / (wf.he[m] - wf.hs[m]).sum() >= 0.8, act
    # inside the logged-in time of work blocks, agents are mostly available or handling
    work = wf.shift_union("work")
    dur = wf.se - wf.ss
    in_work = _covered(work, wf.sg, wf.ss, wf.se)
    by = {s: in_work[wf.status == s].sum() / in_work.sum() for s in C.AGENT_STATUSES}
    assert by["available"] + by["handling"] + by["after_call_work"] >= 0.9, by
    assert 0 < by["offline"] < 0.02, by
    assert dur.min() > 0


# ------------------------------------------------------------------ determinism
def test_same_seed_same_bytes(ds, tmp_path):
    again = _gen(tmp_path / "again")
    assert digest(again) == digest(ds)


def test_different_seed_differs(ds, tmp_path):
    other = _gen(tmp_path / "other", seed=8)
    a, b = digest(ds), digest(other)
    assert a["tickets.parquet"] != b["tickets.parquet"]
    assert a["messages.parquet"] != b["messages.parquet"]


def test_csv_offsets_are_the_same_instants_as_parquet(tmp_path):
    pq_dir = _gen(tmp_path / "p", tickets=600)
    csv_dir = _gen(tmp_path / "c", tickets=600, out_fmt="csv")
    n_offset = n_naive = total = 0
    for t in TABLE_NAMES:
        a, b = read(pq_dir, t), read(csv_dir, t)
        assert a.num_rows == b.num_rows, t
        for col, _, is_ts in TABLES[t]:
            if not is_ts:
                if a.schema.field(col).type == pa.string():
                    assert a.column(col).to_pylist() == b.column(col).to_pylist(), (t, col)
                continue
            for x, y in zip(a.column(col).to_pylist(), b.column(col).to_pylist(), strict=True):
                assert (x is None) == (y is None), (t, col)
                if x is None:
                    continue
                assert x.endswith("Z")
                assert epoch(x) == epoch(y), (t, col, x, y)
                total += 1
                if y[-6] in "+-":
                    n_offset += 1
                    assert not y.endswith(("+00:00", "-00:00"))
                elif not y.endswith("Z"):
                    n_naive += 1
    assert 0.07 < n_offset / total < 0.13
    assert 0 < n_naive / total < 0.06


# ------------------------------------------------------------------ bad rows
def test_bad_rows_adds_exactly_the_documented_rows(ds, tmp_path):
    bad = _gen(tmp_path / "bad", bad_rows=True)
    added = badrows.counts()
    for t in TABLE_NAMES:
        good, with_bad = read(ds, t), read(bad, t)
        k = added.get(t, 0)
        assert with_bad.num_rows == good.num_rows + k, t
        assert with_bad.slice(0, good.num_rows).equals(good), t
    tickets = read(bad, "tickets").to_pylist()
    n = read(ds, "tickets").num_rows
    extra = tickets[n:]
    assert extra[0]["created_at"] == "not-a-date"
    assert extra[1]["channel"] == "fax"
    assert extra[2] == tickets[0]
    ev = read(bad, "ticket_events").to_pylist()[-1]
    assert ev["event_type"] == "merged"
    # the optional reasons and links (issue 22): one invalid case each
    reopen, unlinked, wishlist = read(bad, "ticket_events").to_pylist()[-4:-1]
    assert reopen["reason"] not in C.REOPEN_REASONS and reopen["from_value"] == "solved"
    assert unlinked["event_type"] == "linked_issue" and unlinked["to_value"] is None
    assert wishlist["event_type"] == "linked_issue"
    assert wishlist["reason"] not in C.LINKED_ISSUE_REASONS
    msgs = read(bad, "messages").to_pylist()[-3:]
    assert msgs[0]["message_id"] == msgs[1]["message_id"] and msgs[0] != msgs[1]
    ids = set(read(ds, "tickets").column("ticket_id").to_pylist())
    assert msgs[2]["ticket_id"] not in ids
    assert msgs[0]["message_id"] not in set(read(ds, "messages").column("message_id").to_pylist())
    ws = read(bad, "work_sessions").to_pylist()[-1]
    assert epoch(ws["ended_at"]) < epoch(ws["started_at"])
    assert read(bad, "calls").to_pylist()[-1]["hold_seconds"] < 0
    sv = read(bad, "surveys").to_pylist()[-1]
    assert sv["survey_type"] == "csat" and sv["score"] == 9
    customer = read(bad, "customers").to_pylist()[-1]
    assert customer["mrr"] < 0
    assert customer["customer_id"] not in set(
        read(ds, "customers").column("customer_id").to_pylist()
    )
    # documented in the module docstring
    doc = badrows.__doc__
    for needle in (
        "not-a-date",
        "'fax'",
        "identical copy",
        "'merged'",
        "T9999999999",
        "-30",
        "9",
        "'forgot_something'",
        "``linked_issue`` without",
        "'wishlist'",
        "mrr = -49.5",
    ):
        assert needle in doc


def test_cli(tmp_path, capsys):
    out = tmp_path / "cli"
    rc = main(
        ["--tickets", "200", "--seed", "1", "--out", str(out), "--days", "20", "--no-progress"]
    )
    assert rc == 0
    assert (out / "tickets.parquet").exists()
    assert pq.read_metadata(out / "tickets.parquet").num_rows == 200
    with pytest.raises(SystemExit):
        main(["--tickets", "0", "--out", str(out)])


# ------------------------------------------------------------------ demo data
def test_committed_demo_data_equals_a_fresh_generation(tmp_path):
    demo = ROOT / "demo_data"
    readme = (demo / "README.md").read_text()
    cmd = "--tickets 3000 --seed 42 --format parquet --bad-rows"
    assert cmd in readme
    fresh = tmp_path / "demo"
    main([*cmd.split(), "--out", str(fresh), "--no-progress"])
    for t in TABLE_NAMES:
        a = pq.read_table(demo / f"{t}.parquet")
        b = pq.read_table(fresh / f"{t}.parquet")
        assert a.equals(b), f"demo_data/{t}.parquet is stale: regenerate it ({cmd})"
    size = sum(p.stat().st_size for p in demo.iterdir())
    assert size < 3 * 1024 * 1024


# ------------------------------------------------------------------ lifecycle situations
def _lifecycle(path: Path) -> dict[str, float]:
    """Rates of the situations the lifecycle metrics need (SPEC section 2, Ticket
    lifecycle), read back with pyarrow and plain Python."""
    tickets = {r["ticket_id"]: r for r in rows(path, "tickets")}
    created = {t: epoch(r["created_at"]) for t, r in tickets.items()}
    events: dict[str, list[dict]] = {t: [] for t in tickets}
    for e in rows(path, "ticket_events"):
        events[e["ticket_id"]].append(e)
    messages: dict[str, list[dict]] = {t: [] for t in tickets}
    for m in rows(path, "messages"):
        if m["is_public"] and m["author_type"] != "system":
            messages[m["ticket_id"]].append(m)
    as_of = max(
        max(created.values()),
        max(epoch(e["event_at"]) for ev in events.values() for e in ev),
        max(epoch(m["sent_at"]) for ms in messages.values() for m in ms),
    )
    closed = ("solved", "closed")
    n = len(tickets)
    by_channel: dict[str, Counter] = {}
    raised = changes = 0
    stats = Counter()
    backlog = Counter()
    day0 = (min(created.values()) // 86400 + 31) * 86400
    day_ends = np.arange(day0, as_of, 86400)
    for tid, t in tickets.items():
        ev = sorted(events[tid], key=lambda e: (epoch(e["event_at"]), e["event_id"]))
        status = [
            (epoch(e["event_at"]), e["to_value"]) for e in ev if e["event_type"] == "status_change"
        ]
        seen = {s for _, s in status}
        c = by_channel.setdefault(t["channel"], Counter())
        c["tickets"] += 1
        c["pending"] += "pending" in seen
        stats["on_hold"] += "on_hold" in seen
        # priority changes chain from the ticket's priority
        priority = t["priority"]
        pcs = [e for e in ev if e["event_type"] == "priority_change"]
        for e in pcs:
            assert e["from_value"] == priority, (tid, e)
            priority = e["to_value"]
            changes += 1
            order = C.PRIORITIES.index
            raised += order(e["to_value"]) > order(e["from_value"]) and e["to_value"] in (
                "high",
                "urgent",
            )
        stats["priority_changed"] += bool(pcs)

        def status_at(x, status=status):
            k = bisect.bisect_right([s for s, _ in status], x) - 1
            return status[k][1] if k >= 0 else "new"

        # customer messages waiting for one reply; customer messages after a reply
        # on an open ticket; a message to the solved ticket that reopens nothing
        waiting = 0
        several = next_reply = thanks = False
        replied = False
        for m in sorted(messages[tid], key=lambda m: (epoch(m["sent_at"]), m["message_id"])):
            x = epoch(m["sent_at"])
            if m["author_type"] == "customer":
                state = status_at(x)
                if replied and waiting == 0 and state not in closed:
                    next_reply = True
                if state == "solved" and not any(
                    x < s <= x + 3600 and v not in closed for s, v in status
                ):
                    thanks = True
                waiting += 1
            elif x >= created[tid]:
                several |= waiting >= 2
                waiting = 0
                replied = True
        c["several"] += several
        stats["next_reply"] += next_reply
        stats["thanks"] += thanks
        # open at each day's end (after the first 30 days), by age
        for d in day_ends:
            if d > created[tid] and status_at(d - 1e-6) not in closed:
                age = (d - created[tid]) / 86400
                backlog[sum(age >= b for b in (1, 3, 7, 30))] += 1
    total = sum(backlog.values())
    out = {
        "email_pending": by_channel["email"]["pending"] / by_channel["email"]["tickets"],
        "on_hold": stats["on_hold"] / n,
        "priority_changed": stats["priority_changed"] / n,
        "raised_to_high_or_urgent": raised / max(changes, 1),
        "email_several": by_channel["email"]["several"] / by_channel["email"]["tickets"],
        "chat_several": by_channel["chat"]["several"] / by_channel["chat"]["tickets"],
        "next_reply": stats["next_reply"] / n,
        "thanks": stats["thanks"] / n,
        "backlog_per_day": total / len(day_ends),
    }
    for k, name in enumerate(("under_1", "1_3", "3_7", "7_30", "over_30")):
        out[f"backlog_{name}"] = backlog[k] / total
    return out


def test_lifecycle_situations_at_realistic_rates(tmp_path):
    path = _gen(tmp_path / "life", tickets=3000, days=120, seed=11)
    r = _lifecycle(path)
    assert 0.3 <= r["email_pending"] <= 0.55, r
    assert 0.04 <= r["on_hold"] <= 0.11, r
    assert 0.04 <= r["priority_changed"] <= 0.11 and r["raised_to_high_or_urgent"] >= 0.6, r
    assert r["email_several"] >= 0.15 and r["chat_several"] >= 0.25, r
    assert r["next_reply"] >= 0.25, r
    assert 0.04 <= r["thanks"] <= 0.15, r
    # a steady backlog of about two days of volume, of every age, not only stale tickets
    assert 1.0 <= r["backlog_per_day"] / (3000 / 120) <= 4.0, r
    for k in ("under_1", "1_3", "3_7", "7_30"):
        assert r[f"backlog_{k}"] >= 0.08, r
    assert r["backlog_over_30"] <= 0.25, r
