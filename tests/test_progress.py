"""Progress where no terminal shows a bar (a log file, a CI job): the
generator prints plain progress lines on stderr, the benchmark a line per
phase and a heartbeat while one runs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import REPO

from bench import run as bench_run


def generate(out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "supportwh.generator",
            "--tickets",
            "200",
            "--days",
            "20",
            "--out",
            str(out),
            *extra,
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )


def test_generator_prints_progress_lines_off_a_terminal(tmp_path: Path):
    shown = generate(tmp_path / "a").stderr
    assert re.search(r"^generating: (\d+)/\1 chunks \(100%\), \d+ s$", shown, re.M), shown
    quiet = generate(tmp_path / "b", "--no-progress").stderr
    assert "generating:" not in quiet


def test_bench_phase_reports_start_heartbeat_and_end(tmp_path: Path, capsys, monkeypatch):
    monkeypatch.setattr(bench_run, "HEARTBEAT_SECONDS", 0.3)
    command = [
        sys.executable,
        "-c",
        "import time; print('\\x1b[32m12 of 130 OK created model x\\x1b[0m', flush=True);"
        " time.sleep(1.2)",
    ]
    phase = bench_run.run_measured("demo phase", command, {}, tmp_path / "phase.log")
    out = capsys.readouterr().out
    assert phase.returncode == 0
    assert "[bench] demo phase: started" in out
    assert re.search(r"\[bench\] demo phase: \d+ s, peak RSS [\d.]+ GB, last: 12 of 130 OK", out)
    assert re.search(r"\[bench\] demo phase: [\d.]+ s, exit 0", out)
