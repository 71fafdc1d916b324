# One-word commands. `make serve` builds and serves the site; `make test` runs every test.
# Both set up what they need on a fresh machine (virtual environment, npm packages, Debian chromium).
# `make help` lists the targets from the `## ` comment on each target's line: give every new target one.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# Root installs Debian packages itself; anyone else (a GitHub Actions runner) goes through sudo.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

# Written by the build, the tests and the benchmarks (all gitignored); `make clean` removes them.
GENERATED := site build dist benchmarks/results \
             docs/countries docs/actions docs/changes docs/sources docs/rules docs/data \
             docs/assets/pyodide docs/assets/wheels docs/assets/checker docs/assets/directory \
             .cache .pytest_cache .mypy_cache .ruff_cache .hypothesis
# Set up by `make venv` and `make node`; `make distclean` removes them too.
INSTALLED := $(VENV) node_modules src/*.egg-info

.PHONY: help venv rules rules-check node chromium site serve test lint lint-js test-js \
        typecheck bench bench-site bench-checker bench-lighthouse bench-partners golden freshness cli-demo \
        directory clean distclean

help: ## list these targets
	@awk 'BEGIN {FS = ":[^#]*## "} /^[a-z-]+:.*## / {printf "make %-17s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

venv: $(VENV)/.installed ## the virtual environment .venv: build and test tools, the engine installed editable
$(VENV)/.installed: requirements-dev.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-dev.txt
	$(BIN)/pip install -q --disable-pip-version-check --no-deps -e .
	touch $@

rules: venv ## compile data/*.yaml into src/horizon_eligibility/rules.json
	$(PY) -m build_scripts.rules.compile

rules-check: venv ## fail if the committed rules.json is not what data/ compiles to
	$(PY) -m build_scripts.rules.compile --check

node: node_modules/.installed ## the npm packages (the pinned Pyodide runtime, axe-core, Lighthouse)
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Playwright cannot download its own browser here: the browser tests use Debian's chromium.
chromium: ## Debian's chromium for the browser tests (apt-get, through sudo unless root)
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian chromium"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

site: venv node rules ## build the static site into site/
	$(PY) -m build_scripts.site.build

serve: venv node rules ## build the site and serve it at http://127.0.0.1:8000 (rebuilds on change)
	$(PY) -m build_scripts.site.serve

lint: venv ## ruff check and ruff format --check
	$(BIN)/ruff check src build_scripts tests benchmarks
	$(BIN)/ruff format --check src build_scripts tests benchmarks

# The site's JavaScript, the build's, its unit tests and the Pyodide runner (ESLint pinned in package.json).
lint-js: node ## ESLint on the site's JavaScript, the build's, its unit tests and the Pyodide runner
	node_modules/.bin/eslint docs/assets/javascripts build_scripts tests/js tests/pyodide/*.mjs eslint.config.mjs

# The checker's pure modules, under node (tests/js asks src/ the same questions, through .venv's Python).
# Node 20 has JSON.rawJSON (numbers kept as written, checker/document.mjs) behind a flag; later ones by default.
JSON_SOURCE := $(shell node --harmony-json-parse-with-source -e 0 2>/dev/null && echo --harmony-json-parse-with-source)
test-js: node venv ## the checker's pure JavaScript modules under node --test
	node $(JSON_SOURCE) --test tests/js/

typecheck: venv ## mypy --strict on the engine, the build and the benchmarks
	$(BIN)/mypy src/horizon_eligibility build_scripts benchmarks

test: venv node chromium rules-check lint lint-js typecheck test-js ## every test (lint, types, data schema, engine, JavaScript, site, browser, engine under Pyodide)
	$(BIN)/pytest -q
	node tests/pyodide/run_engine_tests.mjs

bench: venv rules ## engine throughput on the CORDIS consortia
	$(PY) -m benchmarks.engine_bench

bench-site: venv node rules ## full site build time from a clean tree
	$(PY) -m benchmarks.site_build_bench

bench-checker: venv node rules chromium ## checker in headless chromium: first verdict, edit to verdict, bytes
	$(PY) -m benchmarks.checker_bench

bench-partners: venv node rules chromium ## organisation search: Python query time, and keystroke to suggestions on the page
	$(PY) -m benchmarks.partners_bench

bench-lighthouse: venv node rules chromium ## Lighthouse scores of the home page and the checker
	$(PY) -m benchmarks.lighthouse_bench

# The organisation directory (src/horizon_eligibility/directory/) from the CORDIS extracts; committed, not
# run by `make test` (the extracts are outside the repository: CORDIS=<dir> to read them elsewhere).
CORDIS ?= ../shared/data/cordis
directory: venv rules ## rebuild the organisation directory (PIC, name, country, type) from the CORDIS extracts
	$(PY) -m build_scripts.directory.build --source $(CORDIS)

golden: venv rules ## regenerate the golden files (review the diff)
	$(PY) -m build_scripts.fixtures.golden

freshness: venv ## list the sources not verified for 180 days
	$(PY) -m build_scripts.rules.freshness

cli-demo: venv rules ## the command line's report on the design example
	$(BIN)/horizon-eligibility check examples/design-example.json || true

clean: ## remove everything the build, the tests and the benchmarks wrote (not .venv, node_modules)
	rm -rf $(GENERATED)
	find . -name __pycache__ -type d -not -path './.venv*' -not -path './node_modules/*' -prune -exec rm -rf {} +

distclean: clean ## clean, and remove the virtual environments and node_modules too
	rm -rf $(INSTALLED)
