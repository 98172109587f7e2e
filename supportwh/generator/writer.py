"""Schemas of the raw tables (SPEC section 1) and the Parquet / CSV sinks."""

from __future__ import annotations

import os
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

S, INT, F, B = pa.string(), pa.int64(), pa.float64(), pa.bool_()

# column order exactly as SPEC section 1; "ts" marks ISO-8601 timestamp columns
TABLES: dict[str, list[tuple[str, pa.DataType, bool]]] = {
    "tickets": [
        ("ticket_id", S, False),
        ("customer_id", S, False),
        ("created_at", S, True),
        ("channel", S, False),
        ("category", S, False),
        ("priority", S, False),
        ("created_by_type", S, False),
        ("schedule_id", S, False),
    ],
    "ticket_events": [
        ("event_id", S, False),
        ("ticket_id", S, False),
        ("event_at", S, True),
        ("event_type", S, False),
        ("actor_id", S, False),
        ("from_value", S, False),
        ("to_value", S, False),
        ("reason", S, False),
    ],
    "messages": [
        ("message_id", S, False),
        ("ticket_id", S, False),
        ("sent_at", S, True),
        ("author_type", S, False),
        ("author_id", S, False),
        ("is_public", B, False),
        ("channel", S, False),
    ],
    "work_sessions": [
        ("session_id", S, False),
        ("ticket_id", S, False),
        ("agent_id", S, False),
        ("started_at", S, True),
        ("ended_at", S, True),
    ],
    "agents": [
        ("agent_id", S, False),
        ("agent_name", S, False),
        ("team", S, False),
        ("tier", S, False),
        ("is_bot", B, False),
        ("hired_at", S, True),
        ("terminated_at", S, True),
        ("hourly_cost", F, False),
    ],
    "customers": [
        ("customer_id", S, False),
        ("account_id", S, False),
        ("segment", S, False),
        ("plan", S, False),
        ("signed_up_at", S, True),
        ("churned_at", S, True),
    ],
    "surveys": [
        ("survey_id", S, False),
        ("ticket_id", S, False),
        ("survey_type", S, False),
        ("sent_at", S, True),
        ("responded_at", S, True),
        ("score", INT, False),
    ],
    "agent_status_log": [
        ("agent_id", S, False),
        ("status", S, False),
        ("started_at", S, True),
        ("ended_at", S, True),
    ],
    "agent_shifts": [
        ("agent_id", S, False),
        ("shift_id", S, False),
        ("activity", S, False),
        ("scheduled_start", S, True),
        ("scheduled_end", S, True),
    ],
    "calls": [
        ("call_id", S, False),
        ("ticket_id", S, False),
        ("customer_id", S, False),
        ("agent_id", S, False),
        ("direction", S, False),
        ("queued_at", S, True),
        ("answered_at", S, True),
        ("ended_at", S, True),
        ("abandoned_at", S, True),
        ("hold_seconds", INT, False),
        ("after_call_work_seconds", INT, False),
        ("outcome", S, False),
    ],
    "self_service_sessions": [
        ("session_id", S, False),
        ("customer_id", S, False),
        ("started_at", S, True),
        ("ended_at", S, True),
        ("entry_point", S, False),
        ("outcome", S, False),
        ("ticket_id", S, False),
        ("category", S, False),
    ],
    "leads": [
        ("lead_id", S, False),
        ("created_at", S, True),
        ("first_contacted_at", S, True),
        ("converted_at", S, True),
        ("agent_id", S, False),
    ],
    "support_costs": [
        ("month", S, False),
        ("cost_type", S, False),
        ("amount", F, False),
    ],
    "schedules": [
        ("schedule_id", S, False),
        ("timezone", S, False),
        ("day_of_week", INT, False),
        ("start_time", S, False),
        ("end_time", S, False),
        ("is_default", B, False),
    ],
    "holidays": [
        ("schedule_id", S, False),
        ("holiday_date", S, False),
        ("holiday_name", S, False),
    ],
}
TABLE_NAMES = list(TABLES)


def schema(table: str) -> pa.Schema:
    return pa.schema([(c, t) for c, t, _ in TABLES[table]])


def timestamp_columns(table: str) -> list[str]:
    return [c for c, _, ts in TABLES[table] if ts]


def dictionary_columns(table: str) -> list[str]:
    """Low-cardinality columns (enums, flags): dictionary-encoded in Parquet."""
    out = []
    for c, t, ts in TABLES[table]:
        if ts or t not in (S, B):
            continue
        if c.endswith("_id") and c != "schedule_id":
            continue
        out.append(c)
    return out


class Sink:
    """Writes each table to ``<out>/<table>.<fmt>`` chunk by chunk (temp names until close)."""

    def __init__(self, out: str | os.PathLike, fmt: str):
        self.out = Path(out)
        self.out.mkdir(parents=True, exist_ok=True)
        self.fmt = fmt
        self._writers: dict[str, object] = {}
        self.rows: dict[str, int] = dict.fromkeys(TABLES, 0)
        # encoding + compression run on a second core while the next chunk is simulated;
        # one worker keeps the row order; at most a few writes are in flight (memory)
        self._pool = ThreadPoolExecutor(max_workers=1)
        self._pending: deque = deque()

    def _tmp(self, table):
        return self.out / f".{table}.{self.fmt}.tmp"

    def _open(self, table):
        if table in self._writers:
            return self._writers[table]
        path = self._tmp(table)
        if self.fmt == "parquet":
            w = pq.ParquetWriter(
                path,
                schema(table),
                compression="zstd",
                compression_level=3,
                use_dictionary=dictionary_columns(table),
            )
        else:
            w = open(path, "wb")  # noqa: SIM115 - closed in close()
            w.write((",".join(c for c, _, _ in TABLES[table]) + "\n").encode())
        self._writers[table] = w
        return w

    def write(self, table: str, data: pa.Table):
        assert data.schema.names == schema(table).names, (table, data.schema.names)
        data = data.cast(schema(table))
        self.rows[table] += data.num_rows
        if data.num_rows == 0:
            return
        while len(self._pending) >= 12:
            self._pending.popleft().result()
        self._pending.append(self._pool.submit(self._write, table, data))

    def _write(self, table: str, data: pa.Table):
        w = self._open(table)
        if self.fmt == "parquet":
            w.write_table(data, row_group_size=1 << 20)
        else:
            opts = pcsv.WriteOptions(include_header=False, quoting_style="needed")
            pcsv.write_csv(data, w, opts)

    def flush(self):
        while self._pending:
            self._pending.popleft().result()

    def abort(self):
        """Drop everything written so far (after an error)."""
        self._pool.shutdown(wait=True, cancel_futures=True)
        for w in self._writers.values():
            try:
                w.close()
            except Exception:  # noqa: BLE001 - best effort cleanup
                pass
        for t in TABLES:
            self._tmp(t).unlink(missing_ok=True)

    def close(self):
        self.flush()
        self._pool.shutdown()
        for t in TABLES:
            self._open(t)  # empty tables still get a file with the columns
        for w in self._writers.values():
            w.close()
        for t in TABLES:
            for ext in ("parquet", "csv"):
                stale = self.out / f"{t}.{ext}"
                if stale.exists():
                    stale.unlink()
            os.replace(self._tmp(t), self.out / f"{t}.{self.fmt}")


# CSV timestamps: ~10% carry an explicit non-UTC offset, ~3% no designator at all
CSV_OFFSETS_MIN = np.array([-480, -300, -240, 60, 120, 330, 540, 600])
CSV_SHARE_OFFSET = 0.10
CSV_SHARE_NAIVE = 0.03
