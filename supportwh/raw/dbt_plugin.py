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

Invalid values are left to the on-run-start var checks (one message naming
the var): the plugin registers nothing then. A raw dataset that breaks the
contract (a required table or column missing) stops the command with one
message naming the table (and column).
"""

from __future__ import annotations

from typing import Any

from dbt.adapters.duckdb.plugins import BasePlugin
from dbt.adapters.events.logging import AdapterLogger
from dbt_common.exceptions import DbtRuntimeError

from .register import IDENTIFIER, RawInputError, register_raw

logger = AdapterLogger("supportwh")


class Plugin(BasePlugin):
    def initialize(self, plugin_config: dict[str, Any]) -> None:
        self.raw_data_path = str(plugin_config.get("raw_data_path") or "")
        self.raw_schema = str(plugin_config.get("raw_schema") or "raw")
        self.registered = False

    def configure_connection(self, conn) -> None:
        # dbt-duckdb may close and reopen the database within one command:
        # the views persist in the file, so one registration per command
        if self.registered:
            return
        self.registered = True
        if not self.raw_data_path.strip() or not IDENTIFIER.match(self.raw_schema):
            return  # the on-run-start var checks name the bad var
        try:
            notes = register_raw(conn, self.raw_data_path, self.raw_schema)
        except RawInputError as error:
            raise DbtRuntimeError(str(error)) from None
        for note in notes:
            logger.info(note)
