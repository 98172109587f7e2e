"""agent_shifts (the schedule) and agent_status_log (what happened), per block of days.

agent_shifts holds non-overlapping scheduled blocks per agent and working day:
work, break, work (and sometimes a meeting or training block between two work
blocks).

agent_status_log is derived, per agent, from the actual day (``Agents.login``,
``logout``, ``brk_a``/``brk_b``, ``x_a``/``x_b``: the blocks with a late or
early log-in, edges a few minutes off, early log-outs) and from the agent's
work, collected while the ticket chunks are written (``BusyLog``): calls and
work sessions are ``handling``, the after-call work of a call follows it. A
sweep over each agent's timeline gives every instant the strongest status of
the layers covering it:

    handling (on a call) > after_call_work > handling (work session)
    > offline spell > unlogged gap (no row) > break / meeting / training
    > available (logged in, in a work block)

(sessions of different tickets may overlap each other and calls; the log shows
one status at a time.)

Work just outside the logged-in window (up to 1 h before the log-in, 90 min
after the log-out) stretches the day (early start, overtime); work far from
any logged-in window (rare: an agent picked while off shift) is logged as
handling / after_call_work only. The agent day runs from 03:00 local to 03:00
local, so the blocks of days never share an instant of one agent and the log
has no overlapping intervals.
"""

from __future__ import annotations

import numpy as np

from .population import Agents

W, BR, MEET, TRAIN = 0, 1, 2, 3  # SHIFT_ACTIVITIES indices
# agent status codes (config.AGENT_STATUSES)
S_AVAIL, S_HANDLE, S_ACW, S_BREAK, S_MEET, S_TRAIN, S_OFF = range(7)
# timeline layers, weakest first, and the status each one shows (-1: no row)
# (L_WORK: work sessions, L_CALL: calls; both show as handling)
L_AVAIL, L_BREAK, L_MEET, L_TRAIN, L_GAP, L_OFF, L_WORK, L_ACW, L_CALL = range(9)
LAYER_STATUS = np.array([S_AVAIL, S_BREAK, S_MEET, S_TRAIN, -1, S_OFF, S_HANDLE, S_ACW, S_HANDLE])
ACTIVITY_LAYER = np.array([L_AVAIL, L_BREAK, L_MEET, L_TRAIN])  # by SHIFT_ACTIVITIES index
EARLY_START = 3600  # work this long before the log-in moves the log-in
OVERTIME = 90 * 60  # work starting this long after the log-out moves the log-out
TBITS = 34  # timeline key: agent << TBITS | seconds since the key origin


def day_blocks(A: Agents, j0: int, j1: int, actual: bool = False):
    """Scheduled (or, ``actual``, as happened) blocks of agent-days with a shift in
    calendar days [j0, j1)."""
    works = A.sh_start[:, j0:j1] >= 0
    g, jj = np.nonzero(works)
    j = jj + j0
    xk = A.sh_x_kind[g, j]
    if actual:
        s, e = A.login[g, j], A.logout[g, j]
        b, be = A.brk_a[g, j], A.brk_b[g, j]
        xs, xe = A.x_a[g, j], A.x_b[g, j]
    else:
        s, e = A.sh_start[g, j], A.sh_end[g, j]
        b = A.sh_brk[g, j]
        be = b + A.sh_brk_len[g, j]
        xs = A.sh_x_start[g, j]
        xe = xs + A.sh_x_len[g, j]
    xact = np.where(xk == 2, TRAIN, MEET)
    m = len(g)
    bounds = np.zeros((m, 6), np.int64)
    acts = np.full((m, 5), W, np.int64)
    valid = np.ones((m, 5), bool)
    a_ = xk == 0
    before = (xk > 0) & (xs < b)
    after = (xk > 0) & ~before
    # no extra block: s, b, be, e
    bounds[a_] = np.stack([s, b, be, e, e, e], 1)[a_]
    acts[a_, 1] = BR
    valid[a_, 3:] = False
    bounds[before] = np.stack([s, xs, xe, b, be, e], 1)[before]
    acts[before, 1] = xact[before]
    acts[before, 3] = BR
    bounds[after] = np.stack([s, b, be, xs, xe, e], 1)[after]
    acts[after, 1] = BR
    acts[after, 3] = xact[after]
    return g, j, bounds, acts, valid


def shifts_rows(A: Agents, j0: int, j1: int):
    g, j, bounds, acts, valid = day_blocks(A, j0, j1)
    m = len(g)
    starts = bounds[:, :5]
    ends = bounds[:, 1:]
    ag = np.repeat(g, 5).reshape(m, 5)
    return {
        "agent": ag[valid],
        "activity": acts[valid],
        "start": starts[valid],
        "end": ends[valid],
    }


class BusyLog:
    """Handling and after-call-work intervals of human agents, binned by block of days.

    Ticket chunks add their work sessions and calls; ``take(c)`` hands the intervals
    of the agent days of block ``c`` to ``status_rows`` (and forgets them).
    """

    def __init__(self, A: Agents, t_end: int, days_per_block: int, n_blocks: int):
        self.A = A
        self.t_end = t_end
        self.per = days_per_block
        self.parts: list[list[dict]] = [[] for _ in range(n_blocks)]

    def add(self, g, s, e, layer: int):
        A = self.A
        g = np.asarray(g, np.int64)
        s = np.asarray(s, np.int64)
        e = np.minimum(np.asarray(e, np.int64), self.t_end)
        keep = (g >= 0) & (g < A.n_human) & (e > s)
        g, s, e = g[keep], s[keep], e[keep]
        if len(g) == 0:
            return
        j = A.agent_day(g, s)
        e = np.minimum(e, A.day_anchor[A.team[g], j + 1])  # an agent day ends at 03:00 local
        c = np.clip((j - 1) // self.per, 0, len(self.parts) - 1)
        o = np.argsort(c, kind="stable")
        bounds = np.searchsorted(c[o], np.arange(len(self.parts) + 1))
        for b in range(len(self.parts)):
            sel = o[bounds[b] : bounds[b + 1]]
            if len(sel):
                self.parts[b].append(
                    {
                        "g": g[sel].astype(np.int32),
                        "j": j[sel].astype(np.int32),
                        "s": s[sel],
                        "e": e[sel],
                        "layer": np.full(len(sel), layer, np.int8),
                    }
                )

    def take(self, c: int) -> dict:
        parts, self.parts[c] = self.parts[c], []
        keys = ("g", "j", "s", "e", "layer")
        if not parts:
            return {k: np.zeros(0, np.int64) for k in keys}
        return {k: np.concatenate([p[k] for p in parts]).astype(np.int64) for k in keys}


def status_rows(A: Agents, rng: np.random.Generator, j0: int, j1: int, busy: dict, t_end: int):
    """agent_status_log rows of the agent days [j0, j1) (busy: ``BusyLog.take``)."""
    g, j, bounds, acts, valid = day_blocks(A, j0, j1, actual=True)
    m = len(g)
    nblk = valid.sum(1)
    rows = np.arange(m)
    login = bounds[:, 0].copy()
    logout = bounds[rows, nblk].copy()
    # work just outside the logged-in window stretches the day
    bg, bj, bs, be = busy["g"], busy["j"], busy["s"], busy["e"]
    day_row = np.full((A.n_human, j1 - j0), -1, np.int64)
    day_row[g, j - j0] = rows
    r = np.full(len(bg), -1, np.int64)
    inb = (bj >= j0) & (bj < j1)
    r[inb] = day_row[bg[inb], bj[inb] - j0]
    rr = np.maximum(r, 0)
    near = (r >= 0) & (bs <= logout[rr] + OVERTIME) & (be >= login[rr] - EARLY_START)
    np.minimum.at(login, r[near], bs[near])
    np.maximum.at(logout, r[near], be[near])
    bounds[:, 0] = login
    bounds[rows, nblk] = logout
    # the scheduled blocks as they happened
    starts, ends = bounds[:, :5], bounds[:, 1:]
    ag = np.broadcast_to(g[:, None], (m, 5))
    layer = ACTIVITY_LAYER[acts]
    # short offline spells and small unlogged gaps inside work blocks (handling wins)
    work = valid & (acts == W)
    length = np.maximum(ends - starts, 0)
    parts = [(ag[valid], starts[valid], ends[valid], layer[valid])]
    for lay, p, lo, hi in ((L_OFF, 0.08, 180, 900), (L_GAP, 0.05, 60, 300)):
        dur = rng.integers(lo, hi, (m, 5))
        at = starts + (rng.random((m, 5)) * np.maximum(length - dur, 0)).astype(np.int64)
        pick = work & (rng.random((m, 5)) < p) & (length > 2 * dur)
        parts.append((ag[pick], at[pick], at[pick] + dur[pick], np.full(int(pick.sum()), lay)))
    parts.append((bg, bs, be, busy["layer"]))
    G, S, E, L = (np.concatenate([p[i] for p in parts]).astype(np.int64) for i in range(4))
    E = np.minimum(E, t_end)
    keep = E > S
    return _sweep(G[keep], S[keep], E[keep], L[keep])


def _sweep(G, S, E, L):
    """Per agent, the strongest layer at every instant, as merged status intervals."""
    if len(G) == 0:
        z = np.zeros(0, np.int64)
        return {"agent": z, "status": z, "start": z, "end": z}
    origin = int(S.min())
    key = np.concatenate([(G << TBITS) | (S - origin), (G << TBITS) | (E - origin)])
    o = np.argsort(key, kind="stable")
    key = key[o]
    lay = np.concatenate([L, L])[o]
    delta = np.concatenate([np.ones(len(G), np.int32), np.full(len(G), -1, np.int32)])[o]
    top = np.full(len(key), -1, np.int64)
    for k in range(len(LAYER_STATUS)):
        active = np.cumsum(np.where(lay == k, delta, 0), dtype=np.int32) > 0
        top[active] = k
    agent = key >> TBITS
    t = (key & ((1 << TBITS) - 1)) + origin
    # elementary segment i: [t[i], t[i+1]) in the state after all events at t[i]
    st = LAYER_STATUS[np.maximum(top[:-1], 0)]
    seg = (agent[1:] == agent[:-1]) & (t[1:] > t[:-1]) & (top[:-1] >= 0) & (st >= 0)
    i = np.flatnonzero(seg)
    sa, ss, se, sst = agent[i], t[i], t[i + 1], st[i]
    # merge neighbours of one agent with the same status
    new = np.ones(len(i), bool)
    new[1:] = (sa[1:] != sa[:-1]) | (sst[1:] != sst[:-1]) | (ss[1:] != se[:-1])
    first = np.flatnonzero(new)
    last = np.append(first[1:], len(i)) - 1
    return {"agent": sa[first], "status": sst[first], "start": ss[first], "end": se[last]}
