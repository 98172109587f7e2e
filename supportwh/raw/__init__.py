"""The raw layer: the helpdesk dataset of SPEC section 1 as relations.

- ``contract``: each raw table's columns (required flag, type, enum domain),
  id column, key and event-time column, read from the one place they are
  declared: the vars ``helpdesk_raw_contract`` and ``helpdesk_enums`` in
  dbt_project.yml (``contract.yml``, its copy, when the package is installed
  apart from the project: ``python -m supportwh.raw.contract`` rewrites it).
- ``csv_lines``: the line-by-line CSV reader for files DuckDB's strict reader
  rejects (every malformed line becomes a row with its line number and reason).
- ``register``: registers a raw directory in a DuckDB database (one text view
  per table, the inventory ``_helpdesk_tables``).
- ``dbt_plugin``: the dbt-duckdb plugin that runs the registration when a dbt
  command opens the warehouse (profiles/profiles.yml).
"""
