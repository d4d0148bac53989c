# One way to run things, for people, the README and CI alike.
#   make build   set up .venv, build the tables and render the reports (the main job)
#   make test    set up .venv-test (test tools, and Debian's chromium if missing), run checks and tests
# The main job's environment has only what antlens needs, so it runs as a user's install does;
# the test environment adds pandas, DuckDB, Playwright and ruff.
PYTHON ?= python3
VENV := .venv
TEST_VENV := .venv-test

.PHONY: build test tables render pdf check browser bench

build: tables render

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e .
	touch $@

$(TEST_VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(TEST_VENV)
	$(TEST_VENV)/bin/pip install --quiet --upgrade pip
	$(TEST_VENV)/bin/pip install --quiet -e '.[test]'
	touch $@

tables: $(VENV)/.installed
	$(VENV)/bin/antlens build

render: $(VENV)/.installed
	$(VENV)/bin/antlens render

pdf: $(VENV)/.installed
	$(VENV)/bin/antlens render --to pdf

# Debian's chromium drives the report tests; installed only where it is missing.
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

check: $(TEST_VENV)/.installed
	$(TEST_VENV)/bin/ruff format --check analysis tests benchmarks
	$(TEST_VENV)/bin/ruff check analysis tests benchmarks

test: $(TEST_VENV)/.installed browser check
	$(TEST_VENV)/bin/python -m pytest -q

# The benchmark runs in the main job's environment, plus quantulum3 to compare against.
bench: $(VENV)/.installed
	$(VENV)/bin/pip install --quiet -e '.[bench]'
	$(VENV)/bin/python benchmarks/run.py
