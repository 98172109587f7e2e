"""Progress for a log file or a CI job, where a terminal's bar would not
show: plain lines on stderr, at most one every `every` seconds, and one at
the end."""

from __future__ import annotations

import sys
import time


class LineProgress:
    """`update(n)` as a tqdm bar has it; `close()` prints the last line."""

    def __init__(self, total: int, what: str, unit: str, every: float = 10.0, stream=None):
        self.total, self.what, self.unit, self.every = total, what, unit, every
        self.stream = stream or sys.stderr
        self.done = 0
        self.started = self.last = time.monotonic()

    def line(self) -> str:
        share = 100 * self.done / self.total if self.total else 100.0
        elapsed = time.monotonic() - self.started
        return f"{self.what}: {self.done}/{self.total} {self.unit} ({share:.0f}%), {elapsed:.0f} s"

    def update(self, n: int) -> None:
        self.done += n
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            print(self.line(), file=self.stream, flush=True)

    def close(self) -> None:
        print(self.line(), file=self.stream, flush=True)
