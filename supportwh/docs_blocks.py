"""The dbt docs blocks of the project (`{% docs name %}...{% enddocs %}` in
models/**/*.md): where every metric's definition is written once. The
dashboard's Definitions page and the weekly report's appendix read them here,
so both say what the dbt docs site says."""

from __future__ import annotations

import re
from pathlib import Path

DOCS_BLOCK = re.compile(
    r"\{%-?\s*docs\s+(?P<name>\w+)\s*-?%\}(?P<body>.*?)\{%-?\s*enddocs\s*-?%\}", re.DOTALL
)


def default_project_dir() -> Path:
    """The dbt project this package sits in (the checkout), else the working directory."""
    checkout = Path(__file__).resolve().parents[1]
    return checkout if (checkout / "dbt_project.yml").exists() else Path.cwd()


def read_docs_blocks(project_dir: str | Path) -> dict[str, tuple[str, Path]]:
    """Every docs block under models/: name -> (its Markdown, stripped; its file)."""
    blocks: dict[str, tuple[str, Path]] = {}
    for path in sorted((Path(project_dir) / "models").rglob("*.md")):
        for match in DOCS_BLOCK.finditer(path.read_text(encoding="utf-8")):
            blocks[match.group("name")] = (match.group("body").strip(), path)
    return blocks
