"""The raw layer: the helpdesk dataset of SPEC section 1 as relations.

- ``contract``: each raw table's columns, required flags, id column and
  event-time column, read from the one place they are declared (the meta of
  the ``helpdesk`` source in models/staging/helpdesk/_helpdesk__sources.yml).
- ``csv_lines``: the line-by-line CSV reader for files DuckDB's strict reader
  rejects (every malformed line becomes a row with its line number and reason).
- ``register``: registers a raw directory in a DuckDB database (one text view
  per table, the inventory ``_helpdesk_tables``).
- ``dbt_plugin``: the dbt-duckdb plugin that runs the registration when a dbt
  command opens the warehouse (profiles/profiles.yml).
"""
