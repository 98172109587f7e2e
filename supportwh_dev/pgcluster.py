"""A throwaway PostgreSQL cluster on localhost, for tests and local trials.

    python -m supportwh_dev.pgcluster start DIR [--port 54329]   # prints the env vars to export
    python -m supportwh_dev.pgcluster stop DIR

The cluster lives in DIR (initdb), listens on localhost only, trusts local
connections (no password: nothing secret is created) and runs with fsync off:
it is for data that can be rebuilt. JIT compilation is off: the planner's
cost estimates of the marts' CTEs are high enough to compile hundreds of
functions per query, which took longer than running it (3.5 of 5.6 s for
mart_ticket_kpis_daily at 20k tickets). Its time zone is America/Los_Angeles on
purpose: results must not depend on the session time zone (SPEC section 1).
Under root, PostgreSQL refuses to run, so the server runs as the `postgres`
user (created by Debian's package).
The server binaries come from Debian's postgresql package
(/usr/lib/postgresql/<version>/bin); SUPPORT_PG_BIN overrides the directory.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

USER = "support"
DATABASE = "support"


class ClusterError(RuntimeError):
    """The cluster could not be set up; the message says why."""


def find_bin_dir() -> Path | None:
    override = os.environ.get("SUPPORT_PG_BIN")
    if override:
        return Path(override) if (Path(override) / "initdb").exists() else None
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if candidates:
        return candidates[-1].parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


def _run(command: list[str]) -> None:
    proc = subprocess.run(_as_server_user(command), capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise ClusterError(f"{' '.join(command)} failed:\n{proc.stdout}{proc.stderr}")


def env_for(port: int) -> dict[str, str]:
    """The env vars of the dbt profile's postgres target and of load_raw."""
    return {
        "SUPPORT_PG_HOST": "localhost",
        "SUPPORT_PG_PORT": str(port),
        "SUPPORT_PG_USER": USER,
        "SUPPORT_PG_DATABASE": DATABASE,
        "SUPPORT_PG_PASSWORD": "",
    }


def start(directory: Path, port: int | None = None) -> dict[str, str]:
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise ClusterError(
            "PostgreSQL server binaries not found: install Debian's postgresql package "
            "(apt-get install postgresql) or set SUPPORT_PG_BIN"
        )
    port = port or free_port()
    directory = directory.resolve()
    data = directory / "data"
    directory.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(directory, user="postgres")
    if not data.exists():
        _run(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-U",
                USER,
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        )
    options = (
        f"-p {port} -k {directory} -c listen_addresses=localhost -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=40 "
        "-c shared_buffers=256MB -c work_mem=64MB -c maintenance_work_mem=256MB "
        "-c jit=off -c timezone=America/Los_Angeles"
    )
    _run(
        [
            str(bin_dir / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(directory / "server.log"),
            "-w",
            "start",
        ]
    )
    (directory / "port").write_text(str(port))
    deadline = time.monotonic() + 30
    while True:
        proc = subprocess.run(
            [
                str(bin_dir / "psql"),
                "-h",
                "localhost",
                "-p",
                str(port),
                "-U",
                USER,
                "-d",
                "postgres",
                "-Atc",
                f"select 1 from pg_database where datname = '{DATABASE}'",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode == 0:
            break
        if time.monotonic() > deadline:
            raise ClusterError(f"PostgreSQL did not accept connections: {proc.stderr}")
        time.sleep(0.5)
    if proc.stdout.strip() != "1":
        subprocess.run(
            [str(bin_dir / "createdb"), "-h", "localhost", "-p", str(port), "-U", USER, DATABASE],
            check=True,
            capture_output=True,
        )
    return env_for(port)


def stop(directory: Path) -> None:
    bin_dir = find_bin_dir()
    data = directory.resolve() / "data"
    if bin_dir is None or not (data / "postmaster.pid").exists():
        return
    _run([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"])


@contextlib.contextmanager
def cluster(directory: Path) -> Iterator[dict[str, str]]:
    """A started cluster for the duration of a with block, then stopped."""
    env = start(directory)
    try:
        yield env
    finally:
        stop(directory)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m supportwh_dev.pgcluster",
        description=__doc__.splitlines()[0],
        epilog="example: python -m supportwh_dev.pgcluster start /tmp/pg (prints the env vars "
        "to export); python -m supportwh_dev.pgcluster stop /tmp/pg",
    )
    parser.add_argument("action", choices=["start", "stop"])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--port", type=int, default=None)
    args = parser.parse_args(argv)
    try:
        if args.action == "start":
            for name, value in start(args.directory, args.port).items():
                print(f"export {name}={value}")
        else:
            stop(args.directory)
    except ClusterError as error:
        print(f"pgcluster: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
