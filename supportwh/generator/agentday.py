"""agent_shifts (the schedule) and agent_status_log (what happened), per block of days.

agent_shifts holds non-overlapping scheduled blocks per agent and working day:
work, break, work (and sometimes a meeting or training block between two work
blocks). agent_status_log follows the blocks with a late or early log-in, block
boundaries a few minutes off, small unlogged gaps, and work time split into
alternating handling / available (after_call_work for phone agents, now and
then a short offline spell).
"""

from __future__ import annotations

import numpy as np

from .population import Agents

W, BR, MEET, TRAIN = 0, 1, 2, 3  # SHIFT_ACTIVITIES indices
# agent status codes (config.AGENT_STATUSES)
S_AVAIL, S_HANDLE, S_ACW, S_BREAK, S_MEET, S_TRAIN, S_OFF = range(7)


def day_blocks(A: Agents, j0: int, j1: int):
    """Scheduled blocks of agent-days with a shift in calendar days [j0, j1)."""
    works = A.sh_start[:, j0:j1] >= 0
    g, jj = np.nonzero(works)
    j = jj + j0
    s = A.sh_start[g, j]
    e = A.sh_end[g, j]
    b = A.sh_brk[g, j]
    be = b + A.sh_brk_len[g, j]
    xk = A.sh_x_kind[g, j]
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


def status_rows(A: Agents, rng: np.random.Generator, j0: int, j1: int):
    g, j, bounds, acts, valid = day_blocks(A, j0, j1)
    m = len(g)
    if m == 0:
        z = np.zeros(0, np.int64)
        return {"agent": z, "status": z, "start": z, "end": z}
    nblk = valid.sum(1)
    # actual block boundaries: log-in late (or early), transitions a few minutes off
    act_b = bounds.copy()
    jit = np.clip(rng.normal(0, 120, (m, 6)), -300, 300).astype(np.int64)
    act_b[:, 1:5] += jit[:, 1:5]
    u = rng.random(m)
    late = np.where(
        u < 0.75,
        rng.integers(-240, 180, m),
        np.where(u < 0.95, rng.integers(180, 600, m), rng.integers(600, 2400, m)),
    )
    act_b[:, 0] += late
    last = np.take_along_axis(act_b, nblk[:, None], 1)[:, 0]
    last = last + rng.integers(-300, 600, m)
    np.put_along_axis(act_b, nblk[:, None], last[:, None], 1)
    bs = act_b[:, :5][valid]
    be = act_b[:, 1:][valid]
    ba = acts[valid]
    bg = np.repeat(g, 5).reshape(m, 5)[valid]
    # split work blocks into segments
    is_w = ba == W
    length = be - bs
    K = 16
    k = np.clip(np.round(length / 1500 * rng.uniform(0.7, 1.3, len(bs))), 1, K).astype(np.int64)
    k = np.where(is_w, k, 1)
    wts = rng.gamma(2.0, 1.0, (len(bs), K))
    wts[np.arange(K)[None, :] >= k[:, None]] = 0
    cum = np.cumsum(wts, 1)
    cum = cum / cum[:, -1:]
    cuts = bs[:, None] + (length[:, None] * cum).astype(np.int64)
    seg_start = np.concatenate([bs[:, None], cuts[:, :-1]], 1)
    seg_end = cuts
    seg_valid = np.arange(K)[None, :] < k[:, None]
    par = rng.integers(0, 2, len(bs))
    pos = np.arange(K)[None, :] + par[:, None]
    work_status = np.where(pos % 2 == 0, S_HANDLE, S_AVAIL)
    blk_status = np.array([S_HANDLE, S_BREAK, S_MEET, S_TRAIN])[ba]
    status = np.where(is_w[:, None], work_status, blk_status[:, None])
    r = rng.random((len(bs), K))
    phone = A.phone_skill[bg][:, None]
    status = np.where((status == S_AVAIL) & phone & (r < 0.35), S_ACW, status)
    status = np.where((status == S_AVAIL) & (r > 0.98), S_OFF, status)
    agent = np.broadcast_to(bg[:, None], (len(bs), K))
    out_s = seg_start[seg_valid]
    out_e = seg_end[seg_valid]
    out_st = status[seg_valid]
    out_g = agent[seg_valid]
    # small unlogged gaps
    gap = (rng.random(len(out_s)) < 0.03) & (out_e - out_s > 900)
    out_e = np.where(gap, out_e - rng.integers(60, 300, len(out_s)), out_e)
    # after-call work and offline spells are short: they open the segment, available follows
    short = np.where(out_st == S_ACW, rng.integers(45, 300, len(out_s)), 0)
    short = np.where(out_st == S_OFF, rng.integers(180, 900, len(out_s)), short)
    split = (short > 0) & (out_e - out_s > short + 60)
    cut = out_s + short
    tail_s, tail_e = cut[split], out_e[split]
    out_e = np.where(split, cut, out_e)
    out_g = np.concatenate([out_g, out_g[split]])
    out_st = np.concatenate([out_st, np.full(len(tail_s), S_AVAIL)])
    out_s = np.concatenate([out_s, tail_s])
    out_e = np.concatenate([out_e, tail_e])
    keep = out_e > out_s
    o = np.lexsort((out_s[keep], out_g[keep]))
    return {
        "agent": out_g[keep][o],
        "status": out_st[keep][o],
        "start": out_s[keep][o],
        "end": out_e[keep][o],
    }
