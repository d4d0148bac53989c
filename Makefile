# One way to run things, for people, the README and CI alike.
#   make build   set up .venv, build the tables and render the reports (the main job)
#   make test    set up .venv-test (test tools, and a browser if there is none), run checks and tests
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

# A browser drives the report tests: Playwright's own chromium, or a chromium or Chrome on the
# PATH. Where there is none, root (as in CI) installs Debian's chromium; anyone else is told how
# to get one, and the browser tests skip.
BROWSERS := chromium chromium-browser google-chrome google-chrome-stable
browser: $(TEST_VENV)/.installed
	@$(TEST_VENV)/bin/python -c 'from playwright.sync_api import sync_playwright as s; import os, sys; p = s().start(); sys.exit(0 if os.path.isfile(p.chromium.executable_path) else 1)' 2>/dev/null \
	|| for b in $(BROWSERS); do command -v $$b >/dev/null && exit 0; done \
	|| if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	else echo "No browser for the browser tests (they will be skipped). Get one with" \
	"'$(TEST_VENV)/bin/python -m playwright install chromium', or as root 'apt-get install chromium'."; fi

check: $(TEST_VENV)/.installed
	$(TEST_VENV)/bin/ruff format --check analysis tests benchmarks
	$(TEST_VENV)/bin/ruff check analysis tests benchmarks

test: $(TEST_VENV)/.installed browser check
	$(TEST_VENV)/bin/python -m pytest -q

# The benchmark runs in the main job's environment, plus quantulum3 to compare against.
bench: $(VENV)/.installed
	$(VENV)/bin/pip install --quiet -e '.[bench]'
	$(VENV)/bin/python benchmarks/run.py
