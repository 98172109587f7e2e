"""Great Expectations suites that guard the metric definitions of a built warehouse.

Run ``python -m supportwh_dev.expectations --warehouse PATH --docs-dir DIR`` after
``dbt build``. What each suite guards is in ``suites``; the GX plumbing and the
Data Docs are in ``runner``; the dbt vars come from ``settings``.
"""

from .runner import ExpectationsError, Outcome, Report, run, run_expectations
from .settings import Settings, SettingsError, load_settings

__all__ = [
    "ExpectationsError",
    "Outcome",
    "Report",
    "Settings",
    "SettingsError",
    "load_settings",
    "run",
    "run_expectations",
]
