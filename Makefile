# Two entry points, both self-contained on a fresh machine with Python >= 3.11:
#   make run   - create .venv, install, build output/ from fixtures/ (etl.yaml)
#   make test  - same venv, run every test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint schema release-schema bench screenshot clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "etl needs Python >= 3.11; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/etl build
	@echo "etl is installed in $(VENV)/: '. $(VENV)/bin/activate' puts the etl command on your PATH"

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check etl tests $(wildcard bench)
	$(BIN)/ruff format --check etl tests $(wildcard bench)

schema: $(STAMP)
	$(BIN)/etl schema episode > schemas/episode.schema.json
	$(BIN)/etl schema index > schemas/index.schema.json

# Freeze the committed schemas as a released version (once per version): tests/test_contract.py then holds
# every later schema to it (the same bytes at the same version; breaking changes only with a new major).
release-schema: schema
	v=$$($(BIN)/python -c 'from etl.model import SCHEMA_VERSION; print(SCHEMA_VERSION)') && \
	  test ! -e schemas/released/$$v || { echo "schema $$v is released already: bump SCHEMA_VERSION"; exit 1; } && \
	  mkdir -p schemas/released/$$v && cp schemas/*.schema.json schemas/released/$$v/

clean:
	rm -rf $(VENV) build *.egg-info

# docs/site.md's pictures of an episode page and a search, taken by the browser tests' Chromium
screenshot: $(STAMP)
	ETL_SCREENSHOTS=docs $(BIN)/python -m pytest -q tests/test_site_browser.py tests/test_search_browser.py -k screenshot

bench: $(STAMP)
	$(BIN)/python bench/run.py --sources $(or $(SOURCES),2000) --repeat $(or $(REPEAT),3)
