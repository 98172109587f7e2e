"""A headless Chromium for the browser checks, driven by Playwright.

Playwright (PyPI) drives the system's Chromium (Debian's chromium package,
installed by scripts/ensure_chromium.sh): it never downloads a browser of its
own. `chromium_path()` finds the binary (SUPPORT_CHROMIUM, else chromium on
PATH); `open_browser()` is a context manager yielding a Playwright Browser.
`PageErrors` collects what a page reports (console errors, uncaught
exceptions, failed requests) so a check can fail on any of them.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome")


def chromium_path() -> str | None:
    """The Chromium binary to drive, or None when there is none."""
    configured = os.environ.get("SUPPORT_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


@contextlib.contextmanager
def open_browser() -> Iterator:
    """A headless Chromium (Playwright Browser); RuntimeError without one."""
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if path is None:
        raise RuntimeError(
            "no Chromium found: install Debian's chromium package "
            "(scripts/ensure_chromium.sh) or set SUPPORT_CHROMIUM"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path,
            headless=True,
            # root in a container: no sandbox; no GPU here
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class PageErrors:
    """What went wrong on a page while it was watched."""

    messages: list[str] = field(default_factory=list)

    def watch(self, page) -> PageErrors:
        page.on(
            "console",
            lambda msg: (
                self.messages.append(f"console {msg.type}: {msg.text}")
                if msg.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda exc: self.messages.append(f"page error: {exc}"))
        page.on(
            "requestfailed",
            lambda req: self.messages.append(f"request failed: {req.url} ({req.failure})"),
        )
        return self
