# Two commands for a new user: `make serve` (server with demo data on SQLite) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: serve test lint typecheck install install-dev clean bench bench-quick bench-profile webapp docs

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

# The Python SDK (clients/python) is installed beside the server: its tests run in `make test`.
$(VENV)/.installed-dev: pyproject.toml clients/python/pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]' -e clients/python
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# The web app (src/openinfinity/webapp): `npm ci` when package-lock.json is newer than node_modules,
# then `node build.mjs` when a source is newer than dist/ (Preact + htm bundled by esbuild).
WEBAPP := src/openinfinity/webapp
WEBAPP_SOURCES := $(shell find $(WEBAPP)/src -type f 2>/dev/null) $(WEBAPP)/build.mjs

$(WEBAPP)/node_modules/.installed: $(WEBAPP)/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm is missing: the web app needs Node.js 18+ and npm to build (Debian: apt-get install nodejs npm)." >&2; exit 1; }
	cd $(WEBAPP) && npm ci --no-audit --no-fund
	touch $@

$(WEBAPP)/dist/app.js: $(WEBAPP)/node_modules/.installed $(WEBAPP_SOURCES)
	cd $(WEBAPP) && node build.mjs

webapp: $(WEBAPP)/dist/app.js

serve: install webapp
	$(BIN)/openinfinity serve --demo

lint: install-dev
	$(BIN)/ruff check src tests bench clients/python
	$(BIN)/ruff format --check src tests bench clients/python

# The server (root mypy config), then the SDK with its own config (`mypy --strict`).
typecheck: install-dev
	$(BIN)/mypy
	cd clients/python && $(CURDIR)/$(BIN)/mypy

test: install-dev lint typecheck webapp
	$(BIN)/pytest

# The benchmark (docs/benchmark.md): 1,000 and 1,000,000 items, ours vs the reference app, via wrk
# (Debian package `wrk`; without it the slower httpx load generator stands in), SQLite and, when
# OPENINFINITY_BENCH_DATABASE_URL is set, PostgreSQL; Markdown tables at the end. Built boards are
# cached (~/.cache/openinfinity-bench). bench-quick: 100,000 items, short runs, JSON last line.
# bench-profile: where a get item's CPU goes, by layer (py-spy). Dev extras: psutil, py-spy.
BENCH_ARGS ?=
PROFILE_ARGS ?=
bench: install-dev
	PYTHONPATH=src:. $(BIN)/python -m bench.run $(BENCH_ARGS)
	@if [ -f bench/hooks.py ]; then \
	  PYTHONPATH=src:. OPENINFINITY_BENCH_POSTGRES_URL=$(OPENINFINITY_BENCH_DATABASE_URL) $(BIN)/python bench/hooks.py \
	    --backend $(if $(OPENINFINITY_BENCH_DATABASE_URL),postgres,sqlite); fi

bench-quick: install-dev
	PYTHONPATH=src:. $(BIN)/python -m bench.run --quick $(BENCH_ARGS)

bench-profile: install-dev
	PYTHONPATH=src:. $(BIN)/python -m bench.profile_get $(PROFILE_ARGS)

# The documentation site (mkdocs.yml): the API reference generated from the OpenAPI document, then
# the guide and the reference built into site/. tests/docs runs every sample of the guide.
docs: install-dev
	PYTHONPATH=src $(BIN)/python scripts/api_reference.py docs/reference.md
	$(BIN)/mkdocs build --quiet --site-dir site

clean:
	rm -rf $(VENV) data site docs/reference.md
