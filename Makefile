# Two commands do all the set-up: `make run` starts the bot (the local console without a
# DISCORD_TOKEN), `make test` runs the tests. Each creates the virtualenv it needs first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench validate clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/briefing run

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

validate: $(STAMP)
	$(BIN)/briefing facts validate

# Three whole runs at 1k/10k/100k, then "met in N of 3" per target (see benchmarks/README.md);
# e.g. `make bench BENCH_ARGS=--quick` for a quick look.
bench: $(STAMP)
	$(BIN)/python -m benchmarks.run --runs 3 $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
