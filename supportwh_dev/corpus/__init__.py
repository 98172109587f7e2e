"""Bad-input corpus: damaged raw datasets derived from a valid one, with what to expect.

``python -m supportwh_dev.corpus --from demo_data --out DIR`` screens the source
dataset down to valid rows (the demo carries a few deliberate bad rows), takes
a small subset of its tickets, and writes one directory per case plus
``DIR/manifest.json``. For every case the manifest says either ``succeeds``
with exactly the rows ``dq_rejected_rows`` must list (source_table,
source_row_id, source_row_number, reason), the rows each raw table must read,
and values valid-but-unusual input must land with; or ``stops`` with the
table and column the one error message must name. ``tests/test_corpus.py``
builds every case and holds the warehouse to it.
"""

from .build import build_corpus

__all__ = ["build_corpus"]
