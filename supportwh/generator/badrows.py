"""The fixed set of invalid rows that ``--bad-rows`` appends (after all generated rows).

Without ``--bad-rows`` every row is valid per SPEC section 3. With it, exactly
these rows are added, each at the end of its table, so that the warehouse's
rejection logic (``dq_rejected_rows``) has something to catch. ``<n>`` is the
next unused number of that id series (one past the last generated id), ``T1``
is ``T0000000001`` (the first generated ticket), ``t`` is the start of the
period plus 1 day and 10 hours (UTC; written with ``Z`` also in CSV mode).

1. tickets: ticket ``T<n>`` with ``created_at = 'not-a-date'``
   -> unparseable required timestamp.
2. tickets: ticket ``T<n+1>`` with ``channel = 'fax'`` -> unknown enum value.
3. tickets: an identical copy of the first ticket row (``T1``)
   -> duplicate row (one copy kept, the other rejected).
4. ticket_events: ``E<n>`` on ``T1`` with ``event_type = 'merged'`` -> unknown enum value.
5. messages: two rows both ``M<n>`` on ``T1`` with different ``sent_at``
   -> conflicting duplicate id (both rejected).
6. messages: ``M<n+1>`` on ticket ``T9999999999`` (does not exist) -> unknown ticket id.
7. work_sessions: ``WS<n>`` on ``T1``, ``ended_at`` 30 min before ``started_at``
   -> end before start.
8. calls: ``CL<n>``, an answered inbound call with ``hold_seconds = -30``
   -> negative duration.
9. surveys: ``SV<n>``, a csat survey on ``T1`` with ``score = 9`` -> score outside scale.
10. customers: ``C<n>``, an smb customer on the starter plan with ``mrr = -49.5``
    -> negative mrr.
11. ticket_events: ``E<n+1>`` on ``T1``, a reopening status_change (solved -> open)
    with ``reason = 'forgot_something'`` -> unknown reopen reason.
12. ticket_events: ``E<n+2>`` on ``T1``, a ``linked_issue`` without ``to_value``
    -> missing to_value (the engineering issue id).
13. ticket_events: ``E<n+3>`` on ``T1``, a ``linked_issue`` to ``ENG-1`` with
    ``reason = 'wishlist'`` -> unknown linked-issue reason.

Every other value of these rows is valid, so each row has exactly one reason.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from . import fmt
from .population import DAY, HOUR

# (table, number of rows added, expected reason) - kept in sync with the table above
BAD_ROWS = [
    ("tickets", 1, "unparseable created_at"),
    ("tickets", 1, "unknown channel"),
    ("tickets", 1, "identical duplicate of the first ticket"),
    ("ticket_events", 1, "unknown event_type"),
    ("messages", 2, "two rows sharing one message_id with different values"),
    ("messages", 1, "unknown ticket_id"),
    ("work_sessions", 1, "ended before started"),
    ("calls", 1, "negative hold_seconds"),
    ("surveys", 1, "csat score 9"),
    ("customers", 1, "negative mrr"),
    ("ticket_events", 1, "unknown reopen reason forgot_something"),
    ("ticket_events", 1, "linked_issue without to_value"),
    ("ticket_events", 1, "unknown linked_issue reason wishlist"),
]


def counts() -> dict[str, int]:
    out: dict[str, int] = {}
    for t, k, _ in BAD_ROWS:
        out[t] = out.get(t, 0) + k
    return out


def _ts(*secs):
    return fmt.timestamps(np.array(secs, dtype=np.int64)).to_pylist()


def build(gen) -> dict[str, pa.Table]:
    f = gen.frame
    ctr = gen.ctr.next
    t = f.t_start + DAY + 10 * HOUR
    t1 = "T0000000001"
    c1 = fmt.ids("C", np.array([1]), gen.customers.id_width).to_pylist()[0]
    a1 = gen.F.agent_ids[0].as_py()

    def nxt(key, width, prefix, k=0):
        return fmt.ids(prefix, np.array([ctr.get(key, 1) + k]), width).to_pylist()[0]

    n_t = gen.n + 1
    tid = fmt.ids("T", np.array([n_t, n_t + 1]), 10).to_pylist()
    ts = _ts(t, t + 60, t + 120, t + HOUR, t + 1800, t + 7200)
    out = {}
    bad_tickets = pa.table(
        {
            "ticket_id": tid,
            "customer_id": [c1, c1],
            "created_at": ["not-a-date", ts[0]],
            "channel": ["email", "fax"],
            "category": ["billing_question", "billing_question"],
            "priority": ["normal", "normal"],
            "created_by_type": ["customer", "customer"],
            "schedule_id": ["SCH01", None],
        }
    )
    dup = gen.first_ticket_row.cast(bad_tickets.schema)
    out["tickets"] = pa.concat_tables([bad_tickets, dup])
    out["ticket_events"] = pa.table(
        {
            "event_id": [nxt("E", 10, "E", k) for k in (1, 2, 3, 0)],
            "ticket_id": [t1] * 4,
            "event_at": [ts[4], ts[4], ts[4], ts[3]],
            "event_type": ["status_change", "linked_issue", "linked_issue", "merged"],
            "actor_id": [c1, a1, a1, "system"],
            "from_value": ["solved", None, None, None],
            "to_value": ["open", None, "ENG-1", "T0000000002"],
            "reason": ["forgot_something", "bug", "wishlist", None],
        }
    )
    m = nxt("M", 10, "M")
    out["messages"] = pa.table(
        {
            "message_id": [m, m, nxt("M", 10, "M", 1)],
            "ticket_id": [t1, t1, "T9999999999"],
            "sent_at": [ts[3], ts[5], ts[3]],
            "author_type": ["customer", "customer", "customer"],
            "author_id": [c1, c1, c1],
            "is_public": [True, True, True],
            "channel": ["email", "email", "email"],
            "body": pa.nulls(3, pa.string()),
        }
    )
    out["work_sessions"] = pa.table(
        {
            "session_id": [nxt("WS", 10, "WS")],
            "ticket_id": [t1],
            "agent_id": [a1],
            "started_at": [ts[3]],
            "ended_at": [ts[4]],
        }
    )
    out["calls"] = pa.table(
        {
            "call_id": [nxt("CL", 10, "CL")],
            "ticket_id": pa.nulls(1, pa.string()),
            "customer_id": [c1],
            "agent_id": [a1],
            "direction": ["inbound"],
            "queued_at": [ts[0]],
            "answered_at": [ts[1]],
            "ended_at": [ts[3]],
            "abandoned_at": pa.nulls(1, pa.string()),
            "hold_seconds": pa.array([-30], pa.int64()),
            "after_call_work_seconds": pa.array([60], pa.int64()),
            "outcome": pa.nulls(1, pa.string()),
        }
    )
    out["surveys"] = pa.table(
        {
            "survey_id": [nxt("SV", 10, "SV")],
            "ticket_id": [t1],
            "survey_type": ["csat"],
            "sent_at": [ts[3]],
            "responded_at": [ts[5]],
            "score": pa.array([9], pa.int64()),
        }
    )
    c_next = fmt.ids("C", np.array([gen.customers.n + 1]), gen.customers.id_width).to_pylist()
    out["customers"] = pa.table(
        {
            "customer_id": c_next,
            "account_id": pa.nulls(1, pa.string()),
            "segment": ["smb"],
            "plan": ["starter"],
            "signed_up_at": [ts[0]],
            "churned_at": pa.nulls(1, pa.string()),
            "mrr": pa.array([-49.5], pa.float64()),
        }
    )
    return out
