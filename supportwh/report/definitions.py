"""Metric definitions from the dbt project: docs blocks and mart column descriptions.

Each metric's definition lives in one ``{% docs metric_<name> %}`` block of a
``models/**/*.md`` file, and the mart YAML (``models/marts/**/_*__models.yml``)
says which block a column carries (``{{ doc("metric_<name>") }}`` in its
description). The report shows a column's description and the blocks it
points to, rendered as minimal HTML (paragraphs, lists, bold, code).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..docs_blocks import read_docs_blocks
from .errors import ReportError

DOC_REF = re.compile(r"\{\{\s*doc\(\s*[\"'](\w+)[\"']\s*\)\s*\}\}")
CODE_SPAN = re.compile(r"`([^`]+)`")
BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)
ITALIC = re.compile(r"(?<![\w*])\*(?![\s*])([^*]+?)\*(?![\w*])")
LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")


@dataclass
class ColumnDefinition:
    """A mart column: its description (doc references removed) and the blocks it carries."""

    model: str
    column: str
    description: str
    doc_blocks: list[str] = field(default_factory=list)


@dataclass
class Definitions:
    """The docs blocks of the project and the columns of its marts."""

    blocks: dict[str, str]
    columns: dict[tuple[str, str], ColumnDefinition]
    model_docs: dict[str, list[str]]

    def column(self, model: str, column: str) -> ColumnDefinition:
        found = self.columns.get((model, column))
        if found is None:
            raise ReportError(
                f"column {model}.{column} is not described in the mart YAML "
                "(models/marts/**/_*__models.yml)"
            )
        return found


def load_definitions(project_dir: Path) -> Definitions:
    """Parse every docs block under models/ and every mart's column descriptions."""
    models_dir = project_dir / "models"
    if not models_dir.is_dir():
        raise ReportError(
            f"dbt project not found: {models_dir} does not exist (the metric definitions "
            "come from its docs blocks); pass --project-dir"
        )
    blocks = {name: body for name, (body, _) in read_docs_blocks(project_dir).items()}
    columns: dict[tuple[str, str], ColumnDefinition] = {}
    model_docs: dict[str, list[str]] = {}
    for path in sorted((models_dir / "marts").rglob("_*__models.yml")):
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for model in content.get("models") or []:
            name = model.get("name")
            model_docs[name] = DOC_REF.findall(str(model.get("description") or ""))
            for column in model.get("columns") or []:
                description = str(column.get("description") or "")
                columns[(name, column["name"])] = ColumnDefinition(
                    model=name,
                    column=column["name"],
                    description=" ".join(DOC_REF.sub("", description).split()),
                    doc_blocks=DOC_REF.findall(description),
                )
    return Definitions(blocks=blocks, columns=columns, model_docs=model_docs)


def inline_markdown(text: str, anchors: dict[str, str] | None = None) -> str:
    """Escape text and render `code`, **bold**, *italic* and [links](...) (as their text only: the
    report must not point outside itself). A code span naming a known anchor links to it."""
    anchors = anchors or {}
    text = LINK.sub(r"\1", text)
    parts = CODE_SPAN.split(text)
    out = []
    for index, part in enumerate(parts):
        if index % 2:
            code = f"<code>{html.escape(part)}</code>"
            if part in anchors:
                code = f'<a href="#{anchors[part]}">{code}</a>'
            out.append(code)
        else:
            text_html = BOLD.sub(r"<strong>\1</strong>", html.escape(part, quote=False))
            out.append(ITALIC.sub(r"<em>\1</em>", text_html))
    return "".join(out)


def markdown_to_html(text: str, anchors: dict[str, str] | None = None) -> str:
    """Minimal markdown: paragraphs split by blank lines, '- ' bullet lists, inline markup."""
    html_parts: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        lines = paragraph.splitlines()
        items: list[str] = []
        lead: list[str] = []
        for line in lines:
            stripped = line.strip()
            if stripped.startswith(("- ", "* ")):
                items.append(stripped[2:])
            elif items:
                items[-1] += " " + stripped
            else:
                lead.append(stripped)
        if lead:
            html_parts.append(f"<p>{inline_markdown(' '.join(lead), anchors)}</p>")
        if items:
            rendered = "".join(f"<li>{inline_markdown(item, anchors)}</li>" for item in items)
            html_parts.append(f"<ul>{rendered}</ul>")
    return "\n".join(html_parts)
