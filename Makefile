# Two commands do everything on a fresh machine with Python 3.11: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
UV_VERSION := 0.13.8
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
VENV := .venv
BIN := $(VENV)/bin
export FRONTLINES_WAREHOUSE ?= $(CURDIR)/warehouse/frontlines.duckdb
# dbt and dagster-dbt look for `dbt` on PATH
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
MANIFEST := dbt_project/target/manifest.json

.PHONY: setup run test lint ui status clean

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet "uv==$(UV_VERSION)"

$(BIN)/frontlines: uv.lock pyproject.toml | $(UV)
	@# bytecode at set-up: this machine sets PYTHONDONTWRITEBYTECODE, so without it every process
	@# recompiles dagster and dbt on import (about 2 s of CPU each)
	$(UV) sync --frozen --compile-bytecode --python $(PYTHON)
	@touch $@

# dbt's manifest is prepared here, never at import time (Dagster reads it to define the dbt assets)
$(MANIFEST): $(BIN)/frontlines $(shell find dbt_project -name '*.sql' -o -name '*.yml' 2>/dev/null | grep -v target/)
	$(BIN)/dagster-dbt project prepare-and-package --file orchestration/dbt_project.py
	@touch $@

setup: $(BIN)/frontlines $(MANIFEST)

run: setup
	$(BIN)/frontlines run

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@# against an empty warehouse, so is_incremental() and the lint result never depend on local data
	rm -rf .lint && mkdir -p .lint
	FRONTLINES_WAREHOUSE=$(CURDIR)/.lint/empty.duckdb $(BIN)/sqlfluff lint dbt_project/models dbt_project/macros dbt_project/tests dbt_project/analyses

test: lint
	@# the slowest tests are listed at the end, so a CI log shows where its time goes
	$(BIN)/pytest -q --durations=15

ui: setup
	$(BIN)/frontlines ui

status: setup
	$(BIN)/frontlines status

clean:
	rm -rf dbt_project/target dbt_project/logs logs .pytest_cache .ruff_cache
