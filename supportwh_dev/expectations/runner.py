"""Run the suites of ``suites`` with Great Expectations' pandas data source.

The warehouse is attached read-only to an in-memory DuckDB connection (the
evidence temp tables live in memory); each dataset is read into pandas and
validated in an ephemeral GX context. With ``docs_dir`` the results are
rendered as GX Data Docs (static HTML, ``index.html``) into that directory.
"""

from __future__ import annotations

import html
import logging
import shutil
import warnings
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from .settings import Settings, load_settings
from .suites import Dataset, build_datasets, prepare_evidence, resolve_as_of

# Written into a Data Docs directory we render, so a later run may replace it.
DOCS_MARKER = ".supportwh-data-docs"
EXAMPLES = 5


class ExpectationsError(RuntimeError):
    """The suite could not run (no warehouse, a missing table, a bad docs dir)."""


@dataclass
class Outcome:
    check_id: str
    dataset: str
    description: str
    success: bool
    element_count: int | None = None
    unexpected_count: int | None = None
    examples: list = field(default_factory=list)
    error: str | None = None

    def line(self) -> str:
        if self.error:
            detail = f"error: {self.error}"
        else:
            detail = f"{self.unexpected_count} of {self.element_count} rows unexpected"
            if self.examples:
                detail += " (e.g. " + ", ".join(str(e) for e in self.examples) + ")"
        return f"FAILED {self.check_id}: {detail} -- {self.description}"


@dataclass
class Report:
    outcomes: list[Outcome]
    notes: list[str]
    as_of: datetime | None
    docs_index: Path | None = None

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.success]

    @property
    def failed_ids(self) -> set[str]:
        return {o.check_id for o in self.failures}

    @property
    def success(self) -> bool:
        return not self.failures


def _quiet() -> None:
    warnings.filterwarnings("ignore", module="great_expectations")
    for name in ("great_expectations", "py.warnings"):
        logging.getLogger(name).setLevel(logging.ERROR)


def _prepare_docs_dir(docs_dir: Path) -> Path:
    docs_dir = docs_dir.resolve()
    if docs_dir.exists():
        if any(docs_dir.iterdir()) and not (docs_dir / DOCS_MARKER).exists():
            raise ExpectationsError(
                f"{docs_dir} exists and is not a Data Docs directory written by this tool: "
                "choose an empty or new directory"
            )
        shutil.rmtree(docs_dir)
    docs_dir.mkdir(parents=True)
    (docs_dir / DOCS_MARKER).write_text(
        "Great Expectations Data Docs of supportwh_dev.expectations\n"
    )
    return docs_dir


def _context(docs_dir: Path | None):
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    site = {
        "class_name": "SiteBuilder",
        "show_how_to_buttons": False,
        "store_backend": {
            "class_name": "TupleFilesystemStoreBackend",
            "base_directory": str(docs_dir) if docs_dir else "",
        },
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    }
    for name in list(context.list_data_docs_sites()):
        context.delete_data_docs_site(name)
    if docs_dir:
        context.add_data_docs_site("local_site", site)
    return context


def _expectation(check):
    import great_expectations.expectations as gxe

    cls = getattr(gxe, check.expectation)
    return cls(
        **check.kwargs,
        description=check.description,
        meta={"check_id": check.check_id},
    )


def _examples(result: dict) -> list:
    index = result.get("partial_unexpected_index_list") or []
    keys = []
    for item in index:
        value = item.get("row_key") if isinstance(item, dict) else item
        if value not in keys:
            keys.append(value)
    if keys:
        return keys[:EXAMPLES]
    return list(result.get("partial_unexpected_list") or [])[:EXAMPLES]


def _validate(context, source, data: Dataset, frame) -> list[Outcome]:
    import great_expectations as gx

    asset = source.add_dataframe_asset(name=data.name)
    batch = asset.add_batch_definition_whole_dataframe("whole table")
    suite = context.suites.add(
        gx.ExpectationSuite(
            name=data.name,
            expectations=[_expectation(c) for c in data.checks],
            meta={"notes": {"format": "markdown", "content": data.description}},
        )
    )
    definition = context.validation_definitions.add(
        gx.ValidationDefinition(name=data.name, data=batch, suite=suite)
    )
    result_format = {
        "result_format": "SUMMARY",
        "unexpected_index_column_names": ["row_key"],
        "partial_unexpected_count": 20,
    }
    result = definition.run(batch_parameters={"dataframe": frame}, result_format=result_format)
    by_id = {c.check_id: c for c in data.checks}
    outcomes = []
    for item in result.results:
        check = by_id[item.expectation_config.meta["check_id"]]
        info = item.exception_info or {}
        error = info.get("exception_message") if info.get("raised_exception") else None
        details = item.result or {}
        outcomes.append(
            Outcome(
                check_id=check.check_id,
                dataset=data.name,
                description=check.description,
                success=bool(item.success) and error is None,
                element_count=details.get("element_count"),
                unexpected_count=details.get("unexpected_count"),
                examples=_examples(details),
                error=error,
            )
        )
    missing = set(by_id) - {o.check_id for o in outcomes}
    for check_id in sorted(missing):
        check = by_id[check_id]
        outcomes.append(
            Outcome(check_id, data.name, check.description, False, error="no result from GX")
        )
    return outcomes


def run_expectations(
    warehouse: str | Path,
    settings: Settings | None = None,
    docs_dir: str | Path | None = None,
) -> Report:
    """Validate ``warehouse`` (a built DuckDB file); render Data Docs into ``docs_dir``."""
    warehouse = Path(warehouse)
    if not warehouse.is_file():
        raise ExpectationsError(f"warehouse {warehouse} does not exist: run dbt build first")
    settings = settings or load_settings()
    _quiet()
    docs_path = _prepare_docs_dir(Path(docs_dir)) if docs_dir else None

    con = duckdb.connect()
    try:
        path = str(warehouse.resolve()).replace("'", "''")
        con.execute(f"attach '{path}' as warehouse (read_only)")
        con.execute("use warehouse")
        try:
            as_of = resolve_as_of(con, settings)
            prepare_evidence(con, settings, as_of)
        except duckdb.Error as error:
            raise ExpectationsError(f"cannot read the warehouse: {error}") from None
        notes: list[str] = []
        datasets = build_datasets(con, notes)

        context = _context(docs_path)
        source = context.data_sources.add_pandas("warehouse")
        outcomes: list[Outcome] = []
        for data in datasets:
            try:
                frame = con.execute(data.sql).df()
            except duckdb.Error as error:
                message = str(error).splitlines()[0]
                outcomes.extend(
                    Outcome(c.check_id, data.name, c.description, False, error=message)
                    for c in data.checks
                )
                continue
            outcomes.extend(_validate(context, source, data, frame))
    finally:
        con.close()

    report = Report(outcomes=outcomes, notes=notes, as_of=as_of)
    if docs_path:
        context.build_data_docs()
        report.docs_index = docs_path / "index.html"
        _write_summary(docs_path, report, [d.name for d in datasets])
    return report


def _write_summary(docs_dir: Path, report: Report, names: list[str]) -> None:
    """``summary.html``: every suite with its result and failures, plain HTML.

    GX's index.html draws its tables with scripts loaded from public CDNs; this
    page links the same validation pages without any script.
    """
    rows = []
    for name in names:
        mine = [o for o in report.outcomes if o.dataset == name]
        failed = [o for o in mine if not o.success]
        pages = sorted((docs_dir / "validations" / name).rglob("*.html"))
        link = html.escape(pages[-1].relative_to(docs_dir).as_posix()) if pages else ""
        status = "FAILED" if failed else "passed"
        details = "".join(f"<li>{html.escape(o.line())}</li>" for o in failed)
        rows.append(
            f"<tr><td><a href='{link}'>{html.escape(name)}</a></td><td>{status}</td>"
            f"<td>{len(mine) - len(failed)} / {len(mine)}</td><td><ul>{details}</ul></td></tr>"
        )
    verdict = "all expectations passed" if report.success else f"{len(report.failures)} failed"
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in report.notes)
    (docs_dir / "summary.html").write_text(
        "<!doctype html><meta charset='utf-8'><title>Warehouse expectations</title>"
        f"<h1>Warehouse expectations: {verdict}</h1>"
        f"<p>as_of {html.escape(str(report.as_of))}. Full GX Data Docs: "
        "<a href='index.html'>index.html</a>.</p>"
        f"<ul>{notes}</ul>"
        "<table border='1' cellpadding='4'><tr><th>suite</th><th>result</th>"
        f"<th>passed</th><th>failed expectations</th></tr>{''.join(rows)}</table>\n",
        encoding="utf-8",
    )


def run(
    warehouse: str | Path, dbt_vars: str | dict | None = None, docs_dir: str | Path | None = None
) -> Report:
    """``run_expectations`` with the project's vars, ``dbt_vars`` (dbt ``--vars``) on top."""
    return run_expectations(warehouse, load_settings(dbt_vars), docs_dir)
