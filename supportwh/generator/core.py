"""Orchestration: build the world, stream the chunks, write all 15 raw tables."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..progress import LineProgress
from . import agentday, badrows, fmt
from . import config as C
from .population import DAY, HOUR, Agents, Customers, Frame
from .tickets import (
    BODY_TEXTS,
    K_AGENT,
    K_CUSTOMER,
    K_SYSTEM,
    Plan,
    World,
    message_bodies,
    simulate_chunk,
)
from .writer import (
    CSV_OFFSETS_MIN,
    CSV_SHARE_NAIVE,
    CSV_SHARE_OFFSET,
    TABLE_NAMES,
    Sink,
)

DEFAULT_CHUNK = 250_000
AGENT_DAYS_PER_CHUNK = 30

# id prefixes and digit widths (fixed per table; string order = numeric order)
ID_T = ("T", 10)
ID_E = ("E", 10)
ID_M = ("M", 10)
ID_WS = ("WS", 10)
ID_SV = ("SV", 10)
ID_CL = ("CL", 10)
ID_SS = ("SS", 10)
ID_SH = ("SH", 10)
ID_L = ("L", 8)
ID_AC = ("AC", 8)

# random streams: default_rng([seed, STREAM, ...])
ST_AGENTS, ST_CUSTOMERS, ST_PLAN, ST_CHUNK, ST_STATUS, ST_LEADS, ST_CSV = 1, 2, 3, 4, 5, 6, 7
# message text, reopen reasons, linked issues: their own stream (the others keep their draws)
ST_FEEDBACK = 8


def _rng(seed, *key):
    return np.random.default_rng([seed, *key])


@dataclass
class Counters:
    next: dict = field(default_factory=dict)

    def take(self, key: str, k: int) -> np.ndarray:
        start = self.next.get(key, 1)
        self.next[key] = start + k
        return np.arange(start, start + k, dtype=np.int64)


class Formatter:
    """Turns int codes and epoch seconds into the output strings."""

    def __init__(self, out_fmt: str, seed: int, agents: Agents, customers: Customers):
        self.csv = out_fmt == "csv"
        self.seed = seed
        self.agent_ids = fmt.ids("A", np.arange(1, agents.n + 1), agents.id_width)
        self.cust_width = customers.id_width
        self.agent_dict_sys = pa.concat_arrays([self.agent_ids, pa.array(["system"])])
        self.sys_code = agents.n

    def ts(self, secs, valid=None, millis=None, key=(0,)):
        secs = np.asarray(secs, dtype=np.int64)
        if not self.csv:
            return fmt.timestamps(secs, valid=valid, millis=millis)
        r = _rng(self.seed, ST_CSV, *key)
        u = r.random(len(secs))
        suffix = np.where(
            u < CSV_SHARE_OFFSET,
            fmt.SUFFIX_OFFSET,
            np.where(u < CSV_SHARE_OFFSET + CSV_SHARE_NAIVE, 2, 0),
        )
        off = CSV_OFFSETS_MIN[r.integers(0, len(CSV_OFFSETS_MIN), len(secs))]
        return fmt.timestamps(secs, valid=valid, millis=millis, offset_minutes=off, suffix=suffix)

    def cust(self, c, valid=None):
        c = np.asarray(c, dtype=np.int64)
        if valid is None:
            valid = c >= 0
        return fmt.ids("C", c + 1, self.cust_width, valid=None if valid.all() else valid)

    def agent(self, g):
        g = np.asarray(g, dtype=np.int64)
        return self.agent_ids.take(pa.array(g, mask=g < 0))

    @staticmethod
    def enum(values: list[str], codes):
        codes = np.asarray(codes, dtype=np.int64)
        return pa.array(values).take(pa.array(codes, mask=codes < 0))


def _lex(*keys):
    """Row order sorting by ``keys`` (first key most significant), ties keep input order.

    Packs the keys into one int64 when their ranges fit (much faster than lexsort).
    """
    n = len(keys[0])
    if n == 0:
        return np.zeros(0, np.int64)
    lows = [int(k.min()) for k in keys]
    bits = [max(int(k.max()) - lo, 0).bit_length() for k, lo in zip(keys, lows, strict=True)]
    if sum(bits) <= 63:
        packed = np.zeros(n, np.int64)
        for k, lo, b in zip(keys, lows, bits, strict=True):
            packed <<= b
            packed |= k.astype(np.int64) - lo
        return np.argsort(packed, kind="stable")
    return np.lexsort(tuple(reversed(keys)))


def _prev_in_group(group, values, fill):
    """values of the previous row of the same group (rows sorted by group)."""
    out = np.full(len(values), fill, dtype=np.int64)
    if len(values) > 1:
        same = group[1:] == group[:-1]
        out[1:] = np.where(same, values[:-1], fill)
    return out


class Generator:
    def __init__(
        self,
        out,
        tickets: int,
        seed: int = 42,
        out_fmt: str = "parquet",
        start: str | dt.date = "2025-01-01",
        days: int = 180,
        bad_rows: bool = False,
        progress: bool = True,
        chunk_size: int = DEFAULT_CHUNK,
    ):
        if tickets < 1:
            raise ValueError("--tickets must be at least 1")
        if days < 1:
            raise ValueError("--days must be at least 1")
        if out_fmt not in ("parquet", "csv"):
            raise ValueError("--format must be parquet or csv")
        if isinstance(start, str):
            start = dt.date.fromisoformat(start)
        self.out = out
        self.n = tickets
        self.seed = seed
        self.out_fmt = out_fmt
        self.bad_rows = bad_rows
        self.progress = progress
        self.chunk_size = chunk_size
        self.frame = Frame.make(start, days)

    # ------------------------------------------------------------------ main
    def run(self) -> dict[str, int]:
        f = self.frame
        seed = self.seed
        self.agents = A = Agents(f, _rng(seed, ST_AGENTS), self.n)
        self.customers = CU = Customers(f, _rng(seed, ST_CUSTOMERS), self.n)
        self.plan = plan = Plan(f, A, _rng(seed, ST_PLAN), self.n, self.chunk_size)
        self.world = World(f, A, CU, plan)
        self.F = Formatter(self.out_fmt, seed, A, CU)
        self.ctr = Counters()
        self.sink = sink = Sink(self.out, self.out_fmt)
        self.first_ticket_row = None
        n_day_chunks = -(-f.days // AGENT_DAYS_PER_CHUNK)
        # the agents' work (sessions, calls) that agent_status_log is derived from
        self.busy = agentday.BusyLog(A, f.t_end, AGENT_DAYS_PER_CHUNK, n_day_chunks)
        bar = _bar(plan.n_chunks + n_day_chunks + 1, self.progress)
        try:
            self._static_tables()
            for k in range(plan.n_chunks):
                self._ticket_chunk(k)
                bar.update(1)
            self._leads()
            for c in range(n_day_chunks):
                j0 = 1 + c * AGENT_DAYS_PER_CHUNK
                j1 = min(1 + f.days, j0 + AGENT_DAYS_PER_CHUNK)
                self._agent_days(c, j0, j1)
                bar.update(1)
            self._costs()
            if self.bad_rows:
                for table, data in badrows.build(self).items():
                    sink.write(table, data)
            bar.update(1)
            sink.close()
        except BaseException:
            sink.abort()
            raise
        finally:
            bar.close()
        return dict(sink.rows)

    # ------------------------------------------------------------------ static tables
    def _static_tables(self):
        A, CU, F, sink = self.agents, self.customers, self.F, self.sink
        sink.write(
            "agents",
            pa.table(
                {
                    "agent_id": F.agent_ids,
                    "agent_name": pa.array(A.names),
                    "team": pa.array(A.team_name),
                    "tier": F.enum(C.TIERS, A.tier),
                    "is_bot": pa.array(A.is_bot),
                    "hired_at": F.ts(A.hired, key=(1, 0)),
                    "terminated_at": F.ts(A.terminated, valid=A.terminated >= 0, key=(1, 1)),
                    "hourly_cost": pa.array(A.hourly_cost),
                }
            ),
        )
        step = 1_000_000
        for k, lo in enumerate(range(0, CU.n, step)):
            sl = slice(lo, min(CU.n, lo + step))
            c = np.arange(sl.start, sl.stop)
            ch = CU.churned[sl]
            sink.write(
                "customers",
                pa.table(
                    {
                        "customer_id": F.cust(c),
                        "account_id": fmt.ids(ID_AC[0], CU.account[sl] + 1, ID_AC[1]),
                        "segment": F.enum(C.SEGMENTS, CU.segment[sl]),
                        "plan": F.enum(C.PLANS, CU.plan[sl]),
                        "signed_up_at": F.ts(CU.signed_up[sl], key=(2, 0, k)),
                        "churned_at": F.ts(ch, valid=ch >= 0, key=(2, 1, k)),
                        "mrr": pa.array(CU.mrr[sl]),
                    }
                ),
            )
        rows = []
        for sid, (tz, default, spans) in C.SCHEDULES.items():
            for dow in range(5):
                for a, b in spans:
                    rows.append((sid, tz, dow, a, b, default))
        sink.write(
            "schedules",
            pa.table(
                {
                    "schedule_id": [r[0] for r in rows],
                    "timezone": [r[1] for r in rows],
                    "day_of_week": pa.array([r[2] for r in rows], pa.int64()),
                    "start_time": [r[3] for r in rows],
                    "end_time": [r[4] for r in rows],
                    "is_default": [r[5] for r in rows],
                }
            ),
        )
        f = self.frame
        last = f.start_date + dt.timedelta(days=f.days - 1)
        hol = []
        for sid in C.SCHEDULES:
            for y in range(f.start_date.year, last.year + 1):
                for d, name in C.holidays_for(sid, y):
                    hol.append((sid, d.isoformat(), name))
        sink.write(
            "holidays",
            pa.table(
                {
                    "schedule_id": [h[0] for h in hol],
                    "holiday_date": [h[1] for h in hol],
                    "holiday_name": [h[2] for h in hol],
                }
            ),
        )

    # ------------------------------------------------------------------ ticket chunks
    def _ticket_chunk(self, k: int):
        f, A, F, sink, seed = self.frame, self.agents, self.F, self.sink, self.seed
        rng = _rng(seed, ST_CHUNK, k)
        first, t0, region, incident = self.plan.chunk(k, rng)
        n = len(t0)
        if n == 0:
            return
        r = simulate_chunk(self.world, rng, t0, region, incident, _rng(seed, ST_FEEDBACK, k, 0))
        T = r["tickets"]
        tnum = first + 1 + np.arange(n)
        tid_all = fmt.ids(ID_T[0], tnum, ID_T[1])
        cust_all = F.cust(T["cust"])
        null_sched = (
            rng.random(n)
            < np.array([C.NULL_SCHEDULE_SHARE[reg[1]] for reg in C.REGIONS])[T["region"]]
        )
        sched = pa.array([reg[1] for reg in C.REGIONS]).take(pa.array(T["region"], mask=null_sched))
        tickets = pa.table(
            {
                "ticket_id": tid_all,
                "customer_id": cust_all,
                "created_at": F.ts(T["t0"], key=(3, 0, k)),
                "channel": F.enum(C.CHANNELS, T["ch"]),
                "category": F.enum(C.CATEGORY_NAMES, T["cat"]),
                "priority": F.enum(C.PRIORITIES, T["pri"]),
                "created_by_type": F.enum(C.CREATED_BY, T["cb"]),
                "schedule_id": sched,
            }
        )
        if self.first_ticket_row is None:
            self.first_ticket_row = tickets.slice(0, 1)
        sink.write("tickets", tickets)
        te = f.t_end

        # ---------------- ticket_events
        d = r["events"].collect(dict(t=0, et=0, ak=0, aa=-1, to=-1, frm=-1, rs=-1))
        keep = d["t"] < te
        d = {kk: v[keep] for kk, v in d.items()}
        o = _lex(d["tix"], d["t"], d["seq"])
        d = {kk: v[o] for kk, v in d.items()}
        # from_value of status changes / assignments / escalations: the previous one
        while True:
            for et, fill in ((C.EV_STATUS, -1), (C.EV_ASSIGN, -1), (C.EV_ESCALATE, 0)):
                si = np.flatnonzero(d["et"] == et)
                d["frm"][si] = _prev_in_group(d["tix"][si], d["to"][si], fill)
            noop = (d["et"] == C.EV_STATUS) & (d["to"] == d["frm"])
            noop |= (d["et"] == C.EV_ASSIGN) & (d["to"] == d["frm"])
            if not noop.any():
                break
            d = {kk: v[~noop] for kk, v in d.items()}
        m = len(d["t"])
        ids = self.ctr.take("E", m)
        et = d["et"]
        base = {
            C.EV_STATUS: 0,
            C.EV_ASSIGN: len(C.STATUSES),
            C.EV_ESCALATE: len(C.STATUSES) + A.n,
            C.EV_CATEGORY: len(C.STATUSES) + A.n + 3,
            C.EV_PRIORITY: len(C.STATUSES) + A.n + 3 + len(C.CATEGORY_NAMES),
        }
        vdict = pa.concat_arrays(
            [
                pa.array(C.STATUSES),
                F.agent_ids,
                pa.array(C.TIERS),
                pa.array(C.CATEGORY_NAMES),
                pa.array(C.PRIORITIES),
            ]
        )
        bvec = np.array([base[i] for i in range(5)])[et]

        def vals(codes):
            c = np.where(codes >= 0, bvec + codes, -1)
            return vdict.take(pa.array(c, mask=c < 0))

        is_c = d["ak"] == K_CUSTOMER
        agent_code = np.where(d["ak"] == K_SYSTEM, F.sys_code, d["aa"])
        actor = F.agent_dict_sys.take(pa.array(np.where(is_c, 0, agent_code)))
        cust_actor = F.cust(T["cust"][d["tix"]])
        actor = pc.if_else(pa.array(is_c), cust_actor, actor)
        sink.write(
            "ticket_events",
            pa.table(
                {
                    "event_id": fmt.ids(ID_E[0], ids, ID_E[1]),
                    "ticket_id": tid_all.take(pa.array(d["tix"])),
                    "event_at": F.ts(d["t"], key=(4, 0, k)),
                    "event_type": F.enum(C.EVENT_TYPES, et),
                    "actor_id": actor,
                    "from_value": vals(d["frm"]),
                    "to_value": vals(d["to"]),
                    # escalations: escalation reasons; reopens: reopen reasons
                    "reason": pc.if_else(
                        pa.array(et == C.EV_STATUS),
                        F.enum(C.REOPEN_REASONS, np.where(et == C.EV_STATUS, d["rs"], -1)),
                        F.enum(C.ESCALATION_REASONS, np.where(et == C.EV_STATUS, -1, d["rs"])),
                    ),
                }
            ),
        )
        del d

        # ---------------- ticket_events: links to engineering issues (numbered after the
        # chunk's other events, which keep their ids)
        d = r["linked_issues"].collect(dict(t=0, aa=-1, to=-1, rs=-1))
        keep = d["t"] < te
        d = {kk: v[keep] for kk, v in d.items()}
        o = _lex(d["tix"], d["t"], d["seq"])
        d = {kk: v[o] for kk, v in d.items()}
        m = len(d["t"])
        ids = self.ctr.take("E", m)
        sink.write(
            "ticket_events",
            pa.table(
                {
                    "event_id": fmt.ids(ID_E[0], ids, ID_E[1]),
                    "ticket_id": tid_all.take(pa.array(d["tix"])),
                    "event_at": F.ts(d["t"], key=(4, 2, k)),
                    "event_type": F.enum(C.EVENT_TYPES, np.full(m, C.EV_LINK)),
                    "actor_id": F.agent(d["aa"]),
                    "from_value": pa.nulls(m, pa.string()),
                    "to_value": pc.binary_join_element_wise(
                        pa.array(np.full(m, "ENG-")), pa.array(d["to"]).cast(pa.string()), ""
                    ),
                    "reason": F.enum(C.LINKED_ISSUE_REASONS, d["rs"]),
                }
            ),
        )
        del d

        # ---------------- messages
        d = r["messages"].collect(dict(t=0, ms=0, au=0, aa=-1, pub=True, ch=0))
        keep = d["t"] < te
        d = {kk: v[keep] for kk, v in d.items()}
        o = _lex(d["tix"], d["t"], d["ms"], d["seq"])
        d = {kk: v[o] for kk, v in d.items()}
        m = len(d["t"])
        ids = self.ctr.take("M", m)
        au = d["au"]
        is_c = au == C.AU_CUSTOMER
        author = F.agent(np.where(au == C.AU_SYSTEM, -1, d["aa"]))
        body = message_bodies(
            _rng(seed, ST_FEEDBACK, k, 1),
            d["tix"],
            d["t"],
            au,
            d["pub"].astype(bool),
            d["ch"],
            T["t0"],
            r["frq"],
        )
        author = pc.if_else(pa.array(is_c), F.cust(T["cust"][d["tix"]]), author)
        sink.write(
            "messages",
            pa.table(
                {
                    "message_id": fmt.ids(ID_M[0], ids, ID_M[1]),
                    "ticket_id": tid_all.take(pa.array(d["tix"])),
                    "sent_at": F.ts(d["t"], millis=d["ms"], key=(5, 0, k)),
                    "author_type": F.enum(C.AUTHOR_TYPES, au),
                    "author_id": author,
                    "is_public": pa.array(d["pub"].astype(bool)),
                    "channel": F.enum(C.CHANNELS, d["ch"]),
                    "body": F.enum(BODY_TEXTS, body),
                }
            ),
        )
        del d

        # ---------------- work_sessions
        d = r["sessions"].collect(dict(ag=-1, t=0, t2=0))
        keep = (d["t2"] < te) & (d["ag"] >= 0)
        d = {kk: v[keep] for kk, v in d.items()}
        o = _lex(d["tix"], d["t"], d["seq"])
        d = {kk: v[o] for kk, v in d.items()}
        ids = self.ctr.take("WS", len(d["t"]))
        self.busy.add(d["ag"], d["t"], d["t2"], agentday.L_WORK)
        sink.write(
            "work_sessions",
            pa.table(
                {
                    "session_id": fmt.ids(ID_WS[0], ids, ID_WS[1]),
                    "ticket_id": tid_all.take(pa.array(d["tix"])),
                    "agent_id": F.agent(d["ag"]),
                    "started_at": F.ts(d["t"], key=(6, 0, k)),
                    "ended_at": F.ts(d["t2"], key=(6, 1, k)),
                }
            ),
        )

        # ---------------- calls (ticket calls + abandoned calls of the chunk)
        d = r["calls"].collect(
            dict(cust=-1, ag=-1, dir=0, q=0, a=-1, e=-1, ab=-1, hold=-1, acw=-1, out=-1)
        )
        ab = r["ab_calls"]
        na = len(ab["q"])
        d["tix"] = np.concatenate([d["tix"], np.full(na, -1)])
        for kk, v in (("cust", ab["cust"]), ("q", ab["q"]), ("ab", ab["ab"])):
            d[kk] = np.concatenate([d[kk], np.asarray(v, np.int64)])
        for kk, fill in (("ag", -1), ("dir", 0), ("a", -1), ("e", -1), ("hold", -1), ("acw", -1)):
            d[kk] = np.concatenate([d[kk], np.full(na, fill)])
        d["out"] = np.concatenate([d["out"], np.full(na, -1)])
        d["seq"] = np.concatenate([d["seq"], np.full(na, 99)])
        last = np.maximum.reduce([d["q"], d["a"], d["e"], d["ab"]])
        keep = last < te
        d = {kk: v[keep] for kk, v in d.items()}
        o = _lex(d["q"], d["tix"], d["seq"])
        d = {kk: v[o] for kk, v in d.items()}
        self._write_calls(d, tid_all, k)

        # ---------------- surveys
        d = r["surveys"].collect(dict(st=0, t=0, t2=-1, sc=-1))
        keep = d["t"] < te
        d = {kk: v[keep] for kk, v in d.items()}
        late = d["t2"] >= te
        d["t2"] = np.where(late, -1, d["t2"])
        d["sc"] = np.where(late, -1, d["sc"])
        o = _lex(d["tix"], d["t"], d["st"])
        d = {kk: v[o] for kk, v in d.items()}
        ids = self.ctr.take("SV", len(d["t"]))
        sc = d["sc"]
        sink.write(
            "surveys",
            pa.table(
                {
                    "survey_id": fmt.ids(ID_SV[0], ids, ID_SV[1]),
                    "ticket_id": tid_all.take(pa.array(d["tix"])),
                    "survey_type": F.enum(C.SURVEY_TYPES, d["st"]),
                    "sent_at": F.ts(d["t"], key=(7, 0, k)),
                    "responded_at": F.ts(d["t2"], valid=d["t2"] >= 0, key=(7, 1, k)),
                    "score": pa.array(sc, mask=sc < 0),
                }
            ),
        )

        # ---------------- self_service_sessions
        d = r["ss"].collect(dict(cust=-1, t=0, t2=0, ep=0, oc=0, tk=-1, cat=-1))
        oth = r["ss_other"]
        for kk in ("cust", "t", "t2", "ep", "oc", "tk", "cat"):
            d[kk] = np.concatenate([d[kk], np.asarray(oth[kk], np.int64)])
        no = len(oth["t"])
        d["tix"] = np.concatenate([d["tix"], np.full(no, -1)])
        d["seq"] = np.concatenate([d["seq"], np.full(no, -1)])
        keep = d["t2"] < te
        d = {kk: v[keep] for kk, v in d.items()}
        o = _lex(d["t"], d["cust"])
        d = {kk: v[o] for kk, v in d.items()}
        ids = self.ctr.take("SS", len(d["t"]))
        tk = d["tk"]
        sink.write(
            "self_service_sessions",
            pa.table(
                {
                    "session_id": fmt.ids(ID_SS[0], ids, ID_SS[1]),
                    "customer_id": F.cust(d["cust"]),
                    "started_at": F.ts(d["t"], key=(8, 0, k)),
                    "ended_at": F.ts(d["t2"], key=(8, 1, k)),
                    "entry_point": F.enum(C.SS_ENTRY_POINTS, d["ep"]),
                    "outcome": F.enum(C.SS_OUTCOMES, d["oc"]),
                    "ticket_id": tid_all.take(pa.array(np.maximum(tk, 0), mask=tk < 0)),
                    "category": F.enum(C.CATEGORY_NAMES, d["cat"]),
                }
            ),
        )

    def _write_calls(self, d, tid_all, key):
        F = self.F
        ids = self.ctr.take("CL", len(d["q"]))
        tix = d["tix"]
        tickets = (
            tid_all.take(pa.array(np.maximum(tix, 0), mask=tix < 0))
            if tid_all is not None
            else pa.nulls(len(tix), pa.string())
        )
        for kk in ("hold", "acw"):
            d[kk] = np.asarray(d[kk], np.int64)
        # the agent is on the call from the answer (outbound: from dialling) to its end,
        # then in after-call work
        done = (d["ag"] >= 0) & (d["e"] >= 0) & ((d["a"] >= 0) | (d["dir"] == 1))
        talk0 = np.where(d["dir"] == 1, d["q"], d["a"])
        self.busy.add(d["ag"][done], talk0[done], d["e"][done], agentday.L_CALL)
        acw_end = d["e"] + np.maximum(d["acw"], 0)
        self.busy.add(d["ag"][done], d["e"][done], acw_end[done], agentday.L_ACW)
        self.sink.write(
            "calls",
            pa.table(
                {
                    "call_id": fmt.ids(ID_CL[0], ids, ID_CL[1]),
                    "ticket_id": tickets,
                    "customer_id": F.cust(d["cust"]),
                    "agent_id": F.agent(d["ag"]),
                    "direction": F.enum(C.CALL_DIRECTIONS, d["dir"]),
                    "queued_at": F.ts(d["q"], key=(9, 0, key)),
                    "answered_at": F.ts(d["a"], valid=d["a"] >= 0, key=(9, 1, key)),
                    "ended_at": F.ts(d["e"], valid=d["e"] >= 0, key=(9, 2, key)),
                    "abandoned_at": F.ts(d["ab"], valid=d["ab"] >= 0, key=(9, 3, key)),
                    "hold_seconds": pa.array(d["hold"], mask=d["hold"] < 0),
                    "after_call_work_seconds": pa.array(d["acw"], mask=d["acw"] < 0),
                    "outcome": F.enum(C.CALL_OUTCOMES, d["out"]),
                }
            ),
        )

    # ------------------------------------------------------------------ agent days
    def _agent_days(self, c, j0, j1):
        A, F = self.agents, self.F
        s = agentday.shifts_rows(A, j0, j1)
        ids = self.ctr.take("SH", len(s["start"]))
        self.sink.write(
            "agent_shifts",
            pa.table(
                {
                    "agent_id": F.agent(s["agent"]),
                    "shift_id": fmt.ids(ID_SH[0], ids, ID_SH[1]),
                    "activity": F.enum(C.SHIFT_ACTIVITIES, s["activity"]),
                    "scheduled_start": F.ts(s["start"], key=(10, 0, c)),
                    "scheduled_end": F.ts(s["end"], key=(10, 1, c)),
                }
            ),
        )
        st = agentday.status_rows(
            A, _rng(self.seed, ST_STATUS, c), j0, j1, self.busy.take(c), self.frame.t_end
        )
        self.sink.write(
            "agent_status_log",
            pa.table(
                {
                    "agent_id": F.agent(st["agent"]),
                    "status": F.enum(C.AGENT_STATUSES, st["status"]),
                    "started_at": F.ts(st["start"], key=(11, 0, c)),
                    "ended_at": F.ts(st["end"], key=(11, 1, c)),
                }
            ),
        )

    # ------------------------------------------------------------------ leads
    def _leads(self):
        f, A, F = self.frame, self.agents, self.F
        rng = _rng(self.seed, ST_LEADS)
        n = max(20, self.n // 40)
        # leads arrive on business days, mostly during the Americas/EMEA day
        day = rng.integers(0, f.days, n)
        wd = (f.start_date.weekday() + day) % 7
        day = np.where(wd >= 5, (day + 7 - wd) % f.days, day)
        t = f.t_start + day * DAY + rng.integers(7 * HOUR, 21 * HOUR, n)
        t = np.sort(t)
        contacted = rng.random(n) < 0.8
        ag = A.choose(rng, 0, A.next_staffed(t + 600))
        nxt, _ = A.next_shift(ag, t + (600 * np.exp(1.3 * rng.standard_normal(n))).astype(np.int64))
        fc = nxt + rng.integers(60, 3600, n)
        contacted &= fc < f.t_end
        conv = contacted & (rng.random(n) < 0.25)
        conv_t = fc + rng.integers(DAY, 20 * DAY, n)
        conv &= conv_t < f.t_end
        ids = np.arange(1, n + 1)
        self.sink.write(
            "leads",
            pa.table(
                {
                    "lead_id": fmt.ids(ID_L[0], ids, ID_L[1]),
                    "created_at": F.ts(t, key=(12, 0)),
                    "first_contacted_at": F.ts(fc, valid=contacted, key=(12, 1)),
                    "converted_at": F.ts(conv_t, valid=conv, key=(12, 2)),
                    "agent_id": F.agent(np.where(contacted, ag, -1)),
                }
            ),
        )
        # the first contact of a lead is an outbound call
        ci = np.flatnonzero(contacted)
        m = len(ci)
        out = np.where(conv[ci], 0, np.where(rng.random(m) < 0.6, 1, 2))
        q = fc[ci]
        ans = np.where(out == 2, -1, q + rng.integers(5, 25, m))
        end = np.where(out == 2, q + rng.integers(20, 45, m), ans + rng.integers(120, 1500, m))
        d = {
            "tix": np.full(m, -1),
            "cust": np.full(m, -1),
            "ag": ag[ci],
            "dir": np.ones(m, np.int64),
            "q": q,
            "a": ans,
            "e": end,
            "ab": np.full(m, -1),
            "hold": np.zeros(m, np.int64),
            "acw": rng.integers(10, 180, m),
            "out": out,
        }
        keep = end < f.t_end
        d = {kk: v[keep] for kk, v in d.items()}
        self._write_calls(d, None, 10**6)

    # ------------------------------------------------------------------ costs
    def _costs(self):
        f, A = self.frame, self.agents
        rng = _rng(self.seed, ST_LEADS, 1)
        months = []
        d = f.start_date.replace(day=1)
        last = f.start_date + dt.timedelta(days=f.days - 1)
        while d <= last:
            months.append(d)
            d = (d + dt.timedelta(days=32)).replace(day=1)
        nh = A.n_human
        rows = []
        for mth in months:
            nxt = (mth + dt.timedelta(days=32)).replace(day=1)
            lo = max(mth, f.start_date)
            hi = min(nxt, last + dt.timedelta(days=1))
            covered = (hi - lo).days / (nxt - mth).days
            j0 = (lo - f.start_date).days + 1
            j1 = (hi - f.start_date).days + 1
            s = A.sh_start[:nh, j0:j1]
            e = A.sh_end[:nh, j0:j1]
            hours = np.where(s >= 0, (e - s) / 3600.0, 0).sum(1)
            salaries = float((hours * A.hourly_cost[:nh]).sum()) * 1.28  # employer costs
            seats = int(
                (
                    (A.hired[:nh] < _epoch(hi))
                    & ((A.terminated[:nh] < 0) | (A.terminated[:nh] >= _epoch(lo)))
                ).sum()
            )
            created = self.plan.created_per_month.get(mth.year * 100 + mth.month, 0)
            tools = (seats * 115.0 + 2500.0) * covered
            infra = (1800.0 + 0.04 * created) * covered * rng.uniform(0.95, 1.05)
            overhead = 0.18 * salaries
            for ct, amt in zip(C.COST_TYPES, (salaries, tools, infra, overhead), strict=True):
                rows.append((mth.isoformat(), ct, round(amt, 2)))
        self.sink.write(
            "support_costs",
            pa.table(
                {
                    "month": [r[0] for r in rows],
                    "cost_type": [r[1] for r in rows],
                    "amount": pa.array([r[2] for r in rows], pa.float64()),
                }
            ),
        )


def _epoch(d: dt.date) -> int:
    return int(dt.datetime(d.year, d.month, d.day, tzinfo=dt.timezone.utc).timestamp())


class _NoBar:
    def update(self, _):
        pass

    def close(self):
        pass


def _bar(total, progress):
    """A tqdm bar on a terminal, plain lines elsewhere, nothing with progress off."""
    if not progress:
        return _NoBar()
    if not sys.stderr.isatty():
        return LineProgress(total, "generating", "chunks")
    from tqdm import tqdm

    return tqdm(total=total, desc="generating", unit="chunk", file=sys.stderr)


def generate(out, tickets, **kw) -> dict[str, int]:
    """Generate a raw dataset into ``out``; returns the row count per table."""
    return Generator(out, tickets, **kw).run()


__all__ = ["generate", "Generator", "TABLE_NAMES", "K_AGENT"]
