"""``pip install .`` ships the product package only, with working console scripts.

A wheel is built offline from a copy of the repository's Python sources
(``pip wheel --no-deps --no-build-isolation --no-index``: setuptools and wheel
come from this virtualenv, nothing is fetched) and inspected: only
``supportwh`` inside (no supportwh_dev, tests or bench), the console
scripts declared, the runtime dependencies required and the test tooling's
only as extras; then each console script's entry point is imported from the
unpacked wheel (not from the checkout) and its ``--help`` run.
"""

from __future__ import annotations

import configparser
import email
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CONSOLE_SCRIPTS = {
    "supportwh-generate": "supportwh.generator.cli:main",
    "supportwh-load-raw": "supportwh.load_raw:main",
    "supportwh-query": "supportwh.query:run",
    "supportwh-dashboard": "supportwh.dashboard.__main__:main",
    "supportwh-report": "supportwh.report.cli:main",
}
RUNTIME = {"dbt-core", "dbt-duckdb", "duckdb", "numpy", "pyarrow"}
DEV_ONLY = {
    "pytest",
    "hypothesis",
    "great-expectations",
    "psycopg2-binary",
    "pyspark",
    "playwright",
}
# what the dashboard and the report need: extras, not what every install pulls
VIEWERS = {"streamlit", "vl-convert-python"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel of a copy of the repository's Python side (an in-tree build
    would leave build/ and *.egg-info in the checkout, and a stale build/lib
    could slip old modules into the wheel)."""
    source = tmp_path_factory.mktemp("source")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "data", "work", "results")
    for name in ("supportwh", "supportwh_dev", "tests", "bench"):
        shutil.copytree(REPO / name, source / name, ignore=ignore)
    shutil.copy(REPO / "pyproject.toml", source / "pyproject.toml")
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--disable-pip-version-check",
            "--quiet",
            "--wheel-dir",
            str(out),
            str(source),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    (found,) = out.glob("supportwh-*.whl")
    return found


def dist_info_file(wheel: Path, name: str) -> str:
    with zipfile.ZipFile(wheel) as archive:
        (path,) = [n for n in archive.namelist() if n.endswith(f".dist-info/{name}")]
        return archive.read(path).decode("utf-8")


def test_the_wheel_holds_the_product_package_only(wheel: Path):
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    top_level = {name.split("/")[0] for name in names}
    assert top_level == {"supportwh", "supportwh-0.1.0.dist-info"}, sorted(top_level)
    modules = {name for name in names if name.endswith(".py")}
    for expected in (
        "supportwh/generator/cli.py",
        "supportwh/generator/tickets.py",
        "supportwh/load_raw.py",
        "supportwh/query.py",
        "supportwh/connections.py",
    ):
        assert expected in modules
    tooling = ("compare_engines", "pgcluster", "snapshot", "corpus", "expectations")
    assert not [name for name in modules if any(tool in name for tool in tooling)]


def test_the_wheel_declares_the_console_scripts(wheel: Path):
    entry_points = configparser.ConfigParser()
    entry_points.read_string(dist_info_file(wheel, "entry_points.txt"))
    assert dict(entry_points["console_scripts"]) == CONSOLE_SCRIPTS


def test_runtime_dependencies_are_required_and_test_tooling_only_extras(wheel: Path):
    metadata = email.message_from_string(dist_info_file(wheel, "METADATA"))
    required, extras = set(), set()
    for requirement in metadata.get_all("Requires-Dist"):
        name = requirement.split(";")[0].split("[")[0]
        for mark in "<>=!~ (":
            name = name.split(mark)[0]
        (extras if "extra ==" in requirement else required).add(name.strip().lower())
    assert RUNTIME <= required, required
    assert not DEV_ONLY & required, DEV_ONLY & required
    assert DEV_ONLY <= extras, extras
    assert not VIEWERS & required, VIEWERS & required
    assert VIEWERS <= extras, extras


@pytest.mark.parametrize("script", sorted(CONSOLE_SCRIPTS))
def test_each_console_script_runs_help_from_the_wheel(wheel: Path, tmp_path: Path, script: str):
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(unpacked)
    module, function = CONSOLE_SCRIPTS[script].split(":")
    # the unpacked wheel first on the path: the checkout (on the path through
    # bootstrap's .pth file) must not be what answers
    program = (
        "import sys\n"
        f"sys.path.insert(0, {str(unpacked)!r})\n"
        f"import {module} as entry\n"
        f"assert entry.__file__.startswith({str(unpacked)!r}), entry.__file__\n"
        f"sys.argv = [{script!r}, '--help']\n"
        f"sys.exit(entry.{function}())\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", program],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert ran.returncode == 0, ran.stderr[-3000:]
    help_text = ran.stdout
    assert help_text.startswith(f"usage: {script}"), help_text
    description = help_text.split("\n\n")[1]
    assert description.strip(), help_text
    assert f"example: {script} " in " ".join(help_text.split()), help_text
