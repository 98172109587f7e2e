"""Launch the support dashboard (Streamlit, headless, read-only on the warehouse).

Runs `streamlit run supportwh/dashboard/app.py` on the given warehouse file and
port, with usage statistics off; open http://localhost:PORT in a browser.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

APP = Path(__file__).with_name("app.py")


def streamlit_command(warehouse: str, port: int, address: str, project_dir: str | None) -> list:
    """The streamlit run command line (the app's own args follow `--`)."""
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.port",
        str(port),
        "--server.address",
        address,
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.runOnSave",
        "false",
        "--client.toolbarMode",
        "viewer",
        "--",
        "--warehouse",
        str(Path(warehouse).resolve()),
    ]
    if project_dir:
        command += ["--project-dir", str(Path(project_dir).resolve())]
    return command


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="supportwh-dashboard",
        description=__doc__.splitlines()[0],
        epilog="example: supportwh-dashboard --warehouse warehouse/support.duckdb "
        "--port 8501 (then open http://localhost:8501); or python -m supportwh.dashboard "
        "...; or make dashboard",
    )
    parser.add_argument(
        "--warehouse",
        default=os.environ.get("SUPPORT_WAREHOUSE_PATH", "warehouse/support.duckdb"),
        help="DuckDB warehouse file, opened read-only "
        "(default: SUPPORT_WAREHOUSE_PATH or warehouse/support.duckdb)",
    )
    parser.add_argument("--port", type=int, default=8501, help="port to serve on (default 8501)")
    parser.add_argument(
        "--address",
        default="localhost",
        help="address to listen on (default localhost; 0.0.0.0 to share on the network)",
    )
    parser.add_argument(
        "--project-dir",
        default=None,
        help="dbt project whose models/**/*.md docs blocks give the metric definitions "
        "(default: this checkout)",
    )
    args = parser.parse_args(argv)
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    command = streamlit_command(args.warehouse, args.port, args.address, args.project_dir)
    if os.name == "posix":
        # become the streamlit process: a stop signal reaches the server itself
        os.execve(command[0], command, env)
    try:
        return subprocess.call(command, env=env)
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
