#!/usr/bin/env bash
# Makes a Chromium for the browser checks (dashboard pages, weekly report):
# nothing when one is there already, else Debian's chromium package (as root,
# with apt-get). Playwright (from requirements.txt) drives this browser; it
# never downloads one of its own. Prints the browser's path.
set -euo pipefail
find_browser() {
    if [ -n "${SUPPORT_CHROMIUM:-}" ] && [ -x "$SUPPORT_CHROMIUM" ]; then
        echo "$SUPPORT_CHROMIUM"
        return 0
    fi
    for name in chromium chromium-browser google-chrome; do
        if command -v "$name" >/dev/null; then
            command -v "$name"
            return 0
        fi
    done
    return 1
}
if find_browser; then
    exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "ensure_chromium: no Chromium found and cannot install one here" \
        "(needs root and apt-get): install Debian's chromium package" \
        "or set SUPPORT_CHROMIUM to a Chromium binary" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q --no-install-recommends chromium >/dev/null \
    || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends chromium >/dev/null; }
find_browser
