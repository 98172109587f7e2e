"""Synthetic raw-data generator for the support metrics warehouse.

Writes the 15 raw tables of SPEC section 1 (``tickets``, ``ticket_events``,
``messages``, ``work_sessions``, ``agents``, ``customers``, ``surveys``,
``agent_status_log``, ``agent_shifts``, ``calls``, ``self_service_sessions``,
``leads``, ``support_costs``, ``schedules``, ``holidays``) as Parquet or CSV.

    python -m supportwh.generator --tickets 3000 --seed 42 --out demo_data

See ``cli.py`` for the options, ``badrows.py`` for the invalid rows of
``--bad-rows`` and ``docs/generator.md``-style notes in ``demo_data/README.md``.
"""

from .core import generate

__all__ = ["generate"]
