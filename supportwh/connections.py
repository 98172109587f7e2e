"""Connections to the other warehouse engines, shared by the loader and the checks.

The loader (``supportwh.load_raw``) writes the raw schema into PostgreSQL or
Spark; the engine comparison (``supportwh_dev.compare_engines``) reads the
built warehouse back. Both connect the way the dbt profile does
(profiles/profiles.yml), so the helpers live here, on the product side, and
the dev tooling imports them (never the other way round).

The drivers (psycopg2, pyspark) are imported when a connection is opened:
they are optional extras, not needed to generate data or build on DuckDB.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

DEFAULT_SPARK_DIR = "/tmp/support-spark"


class EngineConnectionError(RuntimeError):
    """An engine cannot be reached; the message says why."""


def pg_connect(env: Mapping[str, str] | None = None):
    """A psycopg2 connection from the SUPPORT_PG_* env vars (the dbt profile's
    postgres target); env overrides os.environ."""
    import psycopg2

    env = {**os.environ, **(env or {})}
    try:
        return psycopg2.connect(
            host=env.get("SUPPORT_PG_HOST", "localhost"),
            port=int(env.get("SUPPORT_PG_PORT", "5432")),
            user=env.get("SUPPORT_PG_USER", "support"),
            password=env.get("SUPPORT_PG_PASSWORD", ""),
            dbname=env.get("SUPPORT_PG_DATABASE", "support"),
        )
    except psycopg2.OperationalError as error:
        raise EngineConnectionError(
            f"cannot connect to PostgreSQL: {str(error).strip()}"
        ) from error


def spark_session(spark_dir: str | None = None):
    """A local Spark session on the metastore and warehouse directory of the
    profile's spark target (session method): SUPPORT_SPARK_DIR."""
    from pyspark.sql import SparkSession

    base = spark_dir or os.environ.get("SUPPORT_SPARK_DIR", DEFAULT_SPARK_DIR)
    return (
        SparkSession.builder.master("local[2]")
        .config("spark.sql.warehouse.dir", f"{base}/warehouse")
        .config(
            "spark.hadoop.javax.jdo.option.ConnectionURL",
            f"jdbc:derby:;databaseName={base}/metastore_db;create=true",
        )
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", os.environ.get("SUPPORT_SPARK_DRIVER_MEMORY", "4g"))
        .config("spark.driver.extraJavaOptions", f"-Dderby.system.home={base}")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .enableHiveSupport()
        .getOrCreate()
    )
