"""Metric definitions, read from the dbt docs blocks of the project
(`{% docs metric_... %}` in models/**/*.md), for the Definitions page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..docs_blocks import default_project_dir, read_docs_blocks

BOLD_TITLE = re.compile(r"^\s*\*\*(?P<title>[^*]+?)\*\*")
# blocks shown beside the metric ones: the conventions every chart relies on
CONVENTION_BLOCKS = (
    "period_is_complete",
    "ticket_kpi_cohorts",
    "dq_rejection_rules",
    "dq_freshness",
    "change_windows",
    "coaching_agent_tickets",
)


@dataclass(frozen=True)
class Definition:
    name: str  # the docs block name, also the anchor on the Definitions page
    title: str
    body: str  # Markdown
    source: str  # file it was read from, relative to the project


def read_definitions(project_dir: str | Path | None = None) -> list[Definition]:
    """Every metric_* docs block (and the convention blocks), sorted by title."""
    project_dir = Path(project_dir) if project_dir else default_project_dir()
    found: dict[str, Definition] = {}
    for name, (body, path) in read_docs_blocks(project_dir).items():
        if not (name.startswith("metric_") or name in CONVENTION_BLOCKS):
            continue
        bold = BOLD_TITLE.match(body)
        title = bold.group("title").strip().rstrip(".:") if bold else _title_of(name)
        found[name] = Definition(name, title, body, str(path.relative_to(project_dir)))
    return sorted(found.values(), key=lambda item: item.title.lower())


def _title_of(name: str) -> str:
    words = name.removeprefix("metric_").replace("_", " ")
    return words[:1].upper() + words[1:]


def for_streamlit(markdown: str) -> str:
    """Escape what Streamlit's Markdown would misread ($ starts LaTeX)."""
    return markdown.replace("$", "\\$")
