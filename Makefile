# One-word commands. `make serve` builds and serves the site; `make test` runs every test.
# Both set up what they need on a fresh machine (virtual environment, npm packages, Debian chromium).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# Zensical lives in a venv of its own, so that its dependencies never move the MkDocs toolchain's pins.
ZENSICAL_VENV := .venv-zensical
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help venv rules rules-check node chromium site site-zensical serve test lint typecheck \
        bench bench-site bench-checker bench-lighthouse golden freshness cli-demo clean

help:
	@echo "make serve  - build the site and serve it at http://127.0.0.1:8000 (rebuilds on change)"
	@echo "make test   - every test (lint, types, data schema, engine, site, browser, engine under Pyodide)"
	@echo "make site   - build the static site into site/"
	@echo "make site-zensical - build the site with Zensical into site-zensical/ (a trial, not in make test)"
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
	$(PY) -m build_scripts.rules.compile

rules-check: venv
	$(PY) -m build_scripts.rules.compile --check

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
	$(PY) -m build_scripts.site.build

site-zensical: venv node rules $(ZENSICAL_VENV)/.installed
	$(PY) -m build_scripts.site.zensical --zensical $(ZENSICAL_VENV)/bin/zensical
$(ZENSICAL_VENV)/.installed: requirements-zensical.txt
	test -x $(ZENSICAL_VENV)/bin/python || $(PYTHON) -m venv $(ZENSICAL_VENV)
	$(ZENSICAL_VENV)/bin/pip install -q --disable-pip-version-check -r requirements-zensical.txt
	touch $@

serve: venv node rules
	$(PY) -m build_scripts.site.serve

lint: venv
	$(BIN)/ruff check src build_scripts tests benchmarks
	$(BIN)/ruff format --check src build_scripts tests benchmarks

typecheck: venv
	$(BIN)/mypy src/horizon_eligibility build_scripts benchmarks

test: venv node chromium rules-check lint typecheck
	$(BIN)/pytest -q
	node tests/pyodide/run_engine_tests.mjs

bench: venv rules
	$(PY) -m benchmarks.engine_bench

bench-site: venv node rules
	$(PY) -m benchmarks.site_build_bench

bench-checker: venv node rules chromium
	$(PY) -m benchmarks.checker_bench

bench-lighthouse: venv node rules chromium
	$(PY) -m benchmarks.lighthouse_bench

golden: venv rules
	$(PY) -m build_scripts.fixtures.golden

freshness: venv
	$(PY) -m build_scripts.rules.freshness

cli-demo: venv rules
	$(BIN)/horizon-eligibility check examples/design-example.json || true

clean:
	rm -rf site site-zensical build dist .zensical.yml .cache
