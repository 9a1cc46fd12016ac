# `make demo` and `make test` each create .venv if missing, install what they need, and run.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-dev

.PHONY: demo test lint schema golden bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed  ## parse the bundled sample pages into output/
	$(BIN)/ingest batch ingest/samples -o output
	@echo "JSON written to $(CURDIR)/output/ (one file per sample page, plus pages.jsonl)"

test: $(STAMP)  ## the whole test suite, with ruff first
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .

schema: $(VENV)/.installed  ## regenerate schemas/listicle.schema.json from the models
	$(BIN)/ingest schema -o schemas/listicle.schema.json

golden: $(VENV)/.installed  ## regenerate the expected JSON of every fixture (review the diff!)
	$(BIN)/python -m tests.regenerate

bench: $(STAMP)  ## benchmarks (not part of make test)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
