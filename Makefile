.PHONY: build test bench docs clean

# Build the warehouse on the bundled demo data (creates .venv on first run).
build:
	./scripts/build.sh

# Run every check: lint, dbt build with all tests, pytest.
test:
	./scripts/test.sh

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
