"""Schemas of the raw tables (read from the raw contract) and the Parquet / CSV sinks."""

from __future__ import annotations

import os
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from supportwh.raw.contract import RawColumn, raw_contract

S, INT, F, B = pa.string(), pa.int64(), pa.float64(), pa.bool_()

# The physical Arrow type of each logical type of the raw contract: every value
# is written as text (ISO-8601 for timestamps, dates and times) except flags
# and numbers. A number is an integer (a count, seconds, a score, a weekday)
# unless its column is an amount of money.
ARROW_TYPES: dict[str, pa.DataType] = {
    "text": S,
    "enum": S,
    "timestamp": S,
    "date": S,
    "time": S,
    "boolean": B,
    "number": INT,
}
FLOAT_COLUMNS = {("agents", "hourly_cost"), ("support_costs", "amount"), ("customers", "mrr")}


def _arrow_type(table: str, column: RawColumn) -> pa.DataType:
    if (table, column.name) in FLOAT_COLUMNS:
        return F
    return ARROW_TYPES[column.type]


# per table, in the contract's column order (SPEC section 1): (column, Arrow
# type, whether it is an ISO-8601 timestamp); columns, order and types come
# from the raw contract (dbt_project.yml, supportwh/raw/contract.py)
# optional contract columns the generator writes no values for (it simulates
# one account): left out of its files, read as null
NOT_GENERATED = {("tickets", "source_relation")}
TABLES: dict[str, list[tuple[str, pa.DataType, bool]]] = {
    name: [
        (c.name, _arrow_type(name, c), c.type == "timestamp")
        for c in table.columns
        if (name, c.name) not in NOT_GENERATED
    ]
    for name, table in raw_contract().items()
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
