#!/usr/bin/env bash
# Creates .venv and installs the pinned dependencies of requirements.txt.
# Idempotent: re-installs only when requirements.txt changed.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PY" -m venv .venv
fi
stamp=.venv/.requirements.sha
want=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "Installing pinned dependencies into .venv (first run takes a minute)..."
    log=$(mktemp)
    if ! .venv/bin/python -m pip install --quiet --disable-pip-version-check \
        -r requirements.txt >"$log" 2>&1; then
        grep -v "WARNING: Location" "$log" >&2
        echo "bootstrap: pip install -r requirements.txt failed" >&2
        exit 1
    fi
    rm -f "$log"
    echo "$want" > "$stamp"
fi
# The project's own Python packages (supportwh: generator, loader, query CLI;
# supportwh_dev: the test tooling) are imported from the repo.
site=$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
echo "$PWD" > "$site/supportwh.pth"
