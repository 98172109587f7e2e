.PHONY: build test bench docs dashboard report clean

# Build the warehouse on the bundled demo data (creates .venv on first run).
build:
	./scripts/build.sh

# Run every check: lint, dbt build with all tests, pytest.
test:
	./scripts/test.sh

# The dashboard on the built warehouse (read-only): http://localhost:8501
# Another warehouse: make dashboard WAREHOUSE=path/to/file.duckdb
WAREHOUSE ?= warehouse/support.duckdb
PORT ?= 8501
dashboard:
	./scripts/bootstrap.sh
	.venv/bin/python -m supportwh.dashboard --warehouse $(WAREHOUSE) --port $(PORT)

# The weekly report: one self-contained HTML file (opens offline, mails as is)
REPORT ?= target/weekly_report.html
report:
	./scripts/bootstrap.sh
	.venv/bin/python -m supportwh.report --warehouse $(WAREHOUSE) --out $(REPORT)

# Benchmark: make bench TICKETS=100000
TICKETS ?= 100000
bench:
	./scripts/bootstrap.sh
	.venv/bin/python -m bench.run --tickets $(TICKETS)

# Generate and serve the dbt docs site.
docs:
	./scripts/bootstrap.sh
	DBT_PROFILES_DIR=profiles .venv/bin/dbt docs generate && DBT_PROFILES_DIR=profiles .venv/bin/dbt docs serve

clean:
	rm -rf target logs warehouse/*.duckdb warehouse/tmp
