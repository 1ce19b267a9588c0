# The README's two commands: `make run` (the main job) and `make test` (the whole suite).
# Both build .venv from scratch when it is missing; nothing needs installing by hand.
PYTHON ?= python3
VENV   ?= .venv
DB     ?= rasid.db
BIN    := $(VENV)/bin

.PHONY: run test score clean

run: $(VENV)/.installed
	$(BIN)/rasid ingest examples/articles.jsonl --db $(DB)

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest

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
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm out .pytest_cache
