"""dbt-duckdb plugin: registers the raw dataset when dbt opens the warehouse.

profiles/profiles.yml lists it under the duckdb target:

    plugins:
      - module: supportwh.raw.dbt_plugin
        alias: helpdesk_raw
        config:
          raw_data_path: "{{ var('raw_data_path', 'demo_data') }}"
          raw_schema: "{{ var('raw_schema', 'raw') }}"

dbt renders a profile with the vars given on the command line, so the
registration reads the same raw_data_path as the models; the on-run-start
hook check_raw_registration stops a run whose var (set elsewhere, e.g. in a
consumer project's dbt_project.yml) differs from what was registered.

Before DuckDB opens the warehouse, the warehouse path, the memory limit and
the temp directory
are checked: a path that exists and is not a DuckDB file, or a size DuckDB
cannot read, stops with a message naming the env var.

Invalid values are left to the on-run-start var checks (one message naming
the var): the plugin registers nothing then. A raw dataset that breaks the
contract (a required table or column missing) stops the command with one
message naming the table (and column).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
from dbt.adapters.duckdb.plugins import BasePlugin
from dbt.adapters.events.logging import AdapterLogger
from dbt_common.exceptions import DbtRuntimeError

from ..connectors import SYSTEMS, provided_tables
from ..connectors.register import connector_accounts, register_connector_files
from .register import IDENTIFIER, UNREAD_FILE, RawInputError, register_raw

logger = AdapterLogger("supportwh")


# the first bytes of a DuckDB database file: 8 bytes, then the magic
DUCKDB_MAGIC_OFFSET, DUCKDB_MAGIC = 8, b"DUCK"


def check_warehouse_path(path: str) -> None:
    """The warehouse file (the profile's path, SUPPORT_WAREHOUSE_PATH) may be
    absent (dbt creates it) or a DuckDB database; anything else stops."""
    if path in ("", ":memory:") or path.startswith(("md:", "motherduck:")):
        return
    file = Path(path)
    if file.is_dir():
        raise DbtRuntimeError(
            f"The warehouse path (SUPPORT_WAREHOUSE_PATH, the profile's path) {path} is a "
            "directory, not a DuckDB database file."
        )
    if file.is_file() and file.stat().st_size > 0:
        with file.open("rb") as handle:
            head = handle.read(DUCKDB_MAGIC_OFFSET + len(DUCKDB_MAGIC))
        if head[DUCKDB_MAGIC_OFFSET:] != DUCKDB_MAGIC:
            raise DbtRuntimeError(
                f"The warehouse path (SUPPORT_WAREHOUSE_PATH, the profile's path) {path} exists "
                "and is not a DuckDB database file: point it at a new file or an existing "
                "warehouse (nothing was written)."
            )


def check_memory_limit(value: Any) -> None:
    """The profile's memory_limit (SUPPORT_DUCKDB_MEMORY_LIMIT) must be a size
    DuckDB understands; it is tried on a throwaway in-memory database."""
    if value is None:
        return
    try:
        duckdb.connect(":memory:", config={"memory_limit": str(value)}).close()
    except duckdb.Error:
        raise DbtRuntimeError(
            f"SUPPORT_DUCKDB_MEMORY_LIMIT (the profile's memory_limit) is {value!r}, not a "
            "size DuckDB understands: use e.g. 8GB, 512MB or 75%."
        ) from None


def check_temp_directory(value: Any) -> None:
    """The profile's temp_directory (SUPPORT_DUCKDB_TEMP_DIR), where DuckDB
    spills, may be absent (created when needed) or a directory."""
    if value and Path(str(value)).exists() and not Path(str(value)).is_dir():
        raise DbtRuntimeError(
            f"SUPPORT_DUCKDB_TEMP_DIR (the profile's temp_directory) {value} exists and is not "
            "a directory: DuckDB could not spill there."
        )


class Plugin(BasePlugin):
    def initialize(self, plugin_config: dict[str, Any]) -> None:
        self.raw_data_path = str(plugin_config.get("raw_data_path") or "")
        self.raw_schema = str(plugin_config.get("raw_schema") or "raw")
        # a connector source (docs/connectors.md): its exported files, if
        # any, are registered in its schema; the raw tables it provides are
        # registered empty
        self.helpdesk_source = str(plugin_config.get("helpdesk_source") or "helpdesk")
        self.connector_schema = plugin_config.get("connector_schema")
        self.connector_data_path = plugin_config.get("connector_data_path")
        self.registered = False

    def update_connection_config(self, creds, config: dict[str, Any]) -> None:
        # runs before DuckDB opens the warehouse: settings it would reject
        # with a stack trace stop here with a message naming them
        check_warehouse_path(str(creds.path or ""))
        check_memory_limit(config.get("memory_limit"))
        check_temp_directory(config.get("temp_directory"))

    def configure_connection(self, conn) -> None:
        # dbt-duckdb may close and reopen the database within one command:
        # the views persist in the file, so one registration per command
        if self.registered:
            return
        self.registered = True
        if not self.raw_data_path.strip() or not IDENTIFIER.match(self.raw_schema):
            return  # the on-run-start var checks name the bad var
        if self.helpdesk_source not in SYSTEMS:
            return  # the on-run-start var checks name the bad var
        connector = self.helpdesk_source if self.helpdesk_source != "helpdesk" else None
        try:
            notes = register_raw(
                conn,
                self.raw_data_path,
                self.raw_schema,
                provider=connector,
                provided=provided_tables(self.helpdesk_source),
            )
            if connector:
                for schema, data_path in connector_accounts(
                    connector, self.connector_schema, self.connector_data_path
                ):
                    if data_path is None or not data_path.strip():
                        continue
                    if not IDENTIFIER.match(schema):
                        return  # the on-run-start var checks name the bad var
                    notes += register_connector_files(conn, data_path, schema)
        except RawInputError as error:
            raise DbtRuntimeError(str(error)) from None
        for note in notes:
            # a file that looks meant for a table and is not read is a warning
            (logger.warning if note.startswith(UNREAD_FILE) else logger.info)(note)
