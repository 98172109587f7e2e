"""The command-line tools: each one's --help says what it does and shows an
example; progress where no terminal shows a bar (a log file, a CI job): the
generator prints plain progress lines on stderr, the benchmark a line per
phase and a heartbeat while one runs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from bench import run as bench_run

# every command-line tool of the repository (python -m ...)
TOOLS = [
    "supportwh.generator",
    "supportwh.load_raw",
    "supportwh.query",
    "supportwh.dashboard",
    "supportwh.report",
    "bench.run",
    "bench.engines",
    "supportwh_dev.compare_engines",
    "supportwh_dev.snapshot",
    "supportwh_dev.expectations",
    "supportwh_dev.connector_round_trip",
    "supportwh_dev.pgcluster",
    "supportwh_dev.corpus",
]


def test_every_tool_is_listed():
    """A new command-line tool (a module that builds an argparse parser) is
    in TOOLS, so its --help is checked too (the dashboard's app.py reads the
    arguments its launcher passes through Streamlit: not a tool of its own)."""
    found = set()
    for path in sorted(REPO.glob("*/**/*.py")):
        top = path.relative_to(REPO).parts[0]
        if top in ("supportwh", "supportwh_dev", "bench") and "ArgumentParser(" in path.read_text():
            found.add(path.relative_to(REPO).as_posix())
    found.discard("supportwh/dashboard/app.py")
    listed = {
        "supportwh.generator": "supportwh/generator/cli.py",
        "supportwh.dashboard": "supportwh/dashboard/__main__.py",
        "supportwh.report": "supportwh/report/cli.py",
        "supportwh_dev.corpus": "supportwh_dev/corpus/__main__.py",
        "supportwh_dev.expectations": "supportwh_dev/expectations/__main__.py",
    }
    expected = {listed.get(m, m.replace(".", "/") + ".py") for m in TOOLS}
    assert found == expected


@pytest.mark.parametrize("module", TOOLS)
def test_help_describes_and_shows_an_example(module: str):
    result = subprocess.run(
        [sys.executable, "-m", module, "--help"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    text = " ".join(result.stdout.split())
    assert text.startswith("usage: "), text[:200]
    assert len(result.stdout.split("\n\n")[1].strip()) > 20, "no description"
    assert "example: " in text, f"{module} --help shows no example"


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
