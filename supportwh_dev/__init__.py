"""Tooling for developing and verifying the warehouse; not part of the product.

``supportwh`` is what a user installs (``pip install .``): the data generator,
the raw loader and the query CLI. This package holds what the project's own
tests, benchmark and CI need around it, and is never imported by
``supportwh`` (tests/test_package_boundaries.py fails if it is):

- ``compare_engines``: two builds compared relation by relation, row by row
  (DuckDB against PostgreSQL or Spark, or two DuckDB warehouse files);
- ``pgcluster``: a throwaway local PostgreSQL cluster for the engine tests;
- ``corpus``: the bad-input corpus (damaged raw datasets and what to expect);
- ``snapshot``: one raw dataset split into an export and the export a day later;
- ``expectations``: the Great Expectations suites run on a built warehouse.

The name says what it is: the ``supportwh`` project's development side. It is
imported from the repository (scripts/bootstrap.sh puts the repository root on
the virtualenv's path) and is not in the wheel.
"""
