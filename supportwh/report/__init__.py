"""The weekly report: one self-contained HTML file (no server, no network).

``python -m supportwh.report --warehouse PATH --out FILE.html [--week YYYY-MM-DD]``
reads a built warehouse read-only (``data``), the metric definitions from the
dbt project's docs blocks and mart YAML (``definitions``) and writes the page
with its charts inlined as SVG (``charts``, ``render``).
"""
