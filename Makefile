# One-word commands. `make serve` builds and serves the site; `make test` runs every test.
# Both set up what they need on a fresh machine (virtual environment, npm packages, Debian chromium).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help venv rules rules-check node chromium site serve test lint lint-js test-js typecheck \
        bench bench-site bench-checker bench-lighthouse golden freshness cli-demo clean

help:
	@echo "make serve  - build the site and serve it at http://127.0.0.1:8000 (rebuilds on change)"
	@echo "make test   - every test (lint, types, data schema, engine, site, browser, engine under Pyodide)"
	@echo "make site   - build the static site into site/"
	@echo "make rules  - compile data/*.yaml into src/horizon_eligibility/rules.json"
	@echo "make golden - regenerate the golden files (review the diff)"
	@echo "make bench  - engine throughput on the CORDIS consortia (bench-site, bench-checker: the others)"
	@echo "make freshness - list facts not verified for 180 days"

venv: $(VENV)/.installed
$(VENV)/.installed: requirements-dev.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-dev.txt
	$(BIN)/pip install -q --disable-pip-version-check --no-deps -e .
	touch $@

rules: venv
	$(PY) build_scripts/compile_rules.py

rules-check: venv
	$(PY) build_scripts/compile_rules.py --check

node: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Playwright cannot download its own browser here: the browser tests use Debian's chromium.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian chromium (needs root)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

site: venv node rules
	$(PY) build_scripts/build_site.py

serve: venv node rules
	$(PY) build_scripts/serve.py

lint: venv
	$(BIN)/ruff check src build_scripts tests benchmarks
	$(BIN)/ruff format --check src build_scripts tests benchmarks

# The site's JavaScript, its unit tests and the Pyodide runner (ESLint pinned in package.json).
lint-js: node
	node_modules/.bin/eslint docs/assets/javascripts tests/js tests/pyodide/*.mjs eslint.config.mjs

# The checker's pure modules, under node (tests/js asks src/ the same questions, through .venv's Python).
test-js: node venv
	node --test tests/js/

typecheck: venv
	$(BIN)/mypy src/horizon_eligibility

test: venv node chromium rules-check lint lint-js typecheck test-js
	$(BIN)/pytest -q
	node tests/pyodide/run_engine_tests.mjs

bench: venv rules
	$(PY) benchmarks/engine_bench.py

bench-site: venv node rules
	$(PY) benchmarks/site_build_bench.py

bench-checker: venv node rules chromium
	$(PY) benchmarks/checker_bench.py

bench-lighthouse: venv node rules chromium
	$(PY) benchmarks/lighthouse_bench.py

golden: venv rules
	$(PY) build_scripts/make_golden.py

freshness: venv
	$(PY) build_scripts/freshness.py

cli-demo: venv rules
	$(BIN)/horizon-eligibility check examples/design-example.json || true

clean:
	rm -rf site build dist
