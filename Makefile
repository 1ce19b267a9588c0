# The README's two commands: `make run` (the main job) and `make test` (the whole suite).
# Both build .venv from scratch when it is missing; nothing needs installing by hand.
PYTHON ?= python3
VENV   ?= .venv
DB     ?= rasid.db
BIN    := $(VENV)/bin

DASH   := src/rasid/dashboard

.PHONY: run test score bench clean dashboard browser

# Ingest the example articles, then serve the dashboard and API on http://127.0.0.1:8000 (Ctrl-C stops).
run: $(VENV)/.installed dashboard
	$(BIN)/rasid ingest examples/articles.jsonl --db $(DB)
	$(BIN)/rasid serve --db $(DB) --host 127.0.0.1 --port 8000

test: $(VENV)/.installed-dev dashboard browser
	$(BIN)/python -m pytest

# The dashboard's map library and basemap come from the npm registry (no build step).
dashboard:
	@if command -v npm >/dev/null 2>&1; then \
	  [ $(DASH)/node_modules/.package-lock.json -nt $(DASH)/package-lock.json ] || \
	  npm ci --prefix $(DASH) --ignore-scripts --no-audit --no-fund; \
	else echo "rasid: npm not found (apt-get install -y nodejs npm): the dashboard has no map library and its browser test is skipped"; fi

# Debian's chromium drives the dashboard's browser tests (playwright-core, never Playwright's own download).
browser:
	@test -x /usr/bin/chromium || apt-get install -y chromium || (apt-get update && apt-get install -y chromium) \
	  || echo "rasid: could not install chromium; the dashboard browser test will be skipped"

# Every speed benchmark (about 15 minutes): writes benchmarks/RESULTS.md. Needs ../shared and the PostgreSQL server.
bench: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/run_all.py

# Score the extractor on the shared dev gold set (needs ../shared).
score: $(VENV)/.installed
	@mkdir -p out
	$(BIN)/rasid extract ../shared/gold/dev.pool.jsonl --out out/dev.pred.jsonl
	$(BIN)/python ../shared/tools/score_events.py ../shared/gold/dev.gold.jsonl out/dev.pred.jsonl

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "rasid needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: $(VENV)/bin/python pyproject.toml
	$(BIN)/python -m pip install -q -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/bin/python pyproject.toml
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $@ $(VENV)/.installed

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm out .pytest_cache $(DASH)/node_modules
