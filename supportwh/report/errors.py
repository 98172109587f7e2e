"""The one error the report reports as a single line (exit code 2)."""

from __future__ import annotations


class ReportError(Exception):
    """Bad input: no warehouse, no such week, no dbt project. One line, no stack trace."""
