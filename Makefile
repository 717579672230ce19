# Two entry points, both self-contained on a fresh machine with Python >= 3.11:
#   make run   - create .venv, install, build output/ from fixtures/ (etl.yaml)
#   make test  - same venv, run every test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint schema bench screenshot clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "etl needs Python >= 3.11; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/etl build

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check etl tests $(wildcard bench)
	$(BIN)/ruff format --check etl tests $(wildcard bench)

schema: $(STAMP)
	$(BIN)/etl schema > schemas/episode.schema.json

clean:
	rm -rf $(VENV) build *.egg-info

# the README's picture of an episode page, taken by the browser tests' Chromium
screenshot: $(STAMP)
	ETL_SCREENSHOTS=docs $(BIN)/python -m pytest -q tests/test_site_browser.py tests/test_search_browser.py -k screenshot

bench: $(STAMP)
	$(BIN)/python bench/run.py --sources $(or $(SOURCES),2000)
