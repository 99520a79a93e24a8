# Local Commons: build, run and test. `make help` lists the targets.
#
# Everything runs from a virtualenv in $(VENV) and npm packages in node_modules; both are
# (re)installed only when requirements.txt / package-lock.json change.

PYTHON ?= python3
VENV ?= .venv
HOST ?= 127.0.0.1
PORT ?= 8000
ADDRPORT ?= $(HOST):$(PORT)
PYTEST_ARGS ?= -ra
BENCH_ARGS ?=

BIN := $(VENV)/bin
PY := $(BIN)/python
PIP_STAMP := $(VENV)/.requirements-installed
NPM_STAMP := node_modules/.package-lock-installed
DEV_SETTINGS := localcommons.settings.dev
TEST_SETTINGS := localcommons.settings.test
CHROMIUM := /usr/bin/chromium

.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
.PHONY: help install run test test-postgres pytest lint format bench clean chromium

help: ## List the targets with a one-line description each
	@echo "Usage: make TARGET [VAR=value ...]"
	@echo
	@awk 'BEGIN { FS = ":.*## " } /^[A-Za-z0-9_.-]+:.*## / { printf "  %-14s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)
	@echo
	@echo "Variables: PYTHON=$(PYTHON) VENV=$(VENV) ADDRPORT=$(ADDRPORT) PYTEST_ARGS='$(PYTEST_ARGS)'"

install: $(PIP_STAMP) $(NPM_STAMP) ## Create .venv and install Python and npm packages (only when changed)
	@:

$(VENV)/pyvenv.cfg:
	@echo "Creating virtualenv in $(VENV)"
	@$(PYTHON) -m venv $(VENV)

$(PIP_STAMP): requirements.txt $(VENV)/pyvenv.cfg
	@echo "Installing Python packages from requirements.txt"
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(NPM_STAMP): package-lock.json package.json
	@echo "Installing npm packages from package-lock.json"
	@npm ci --no-audit --no-fund --loglevel=error >/dev/null
	@touch $@

run: install ## Migrate, load the demo, ensure an admin, then serve on ADDRPORT (default 127.0.0.1:8000)
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(PY) manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(PY) manage.py load_demo
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(PY) manage.py ensure_admin
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(PY) manage.py runserver $(ADDRPORT)

chromium: ## Install Debian's chromium at /usr/bin/chromium if it is missing (browser tests use it)
	@if [ ! -x $(CHROMIUM) ]; then \
	  echo "Installing chromium with apt-get (needed by the browser tests)"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; \
	  elif command -v sudo >/dev/null 2>&1; then SUDO=sudo; \
	  else echo "error: $(CHROMIUM) is missing and installing it needs root or sudo" >&2; exit 1; fi; \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null && \
	  test -x $(CHROMIUM) || { echo "error: chromium install failed" >&2; exit 1; }; \
	fi

lint: install ## Ruff lint and format check, djhtml check, and check for missing migrations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates
	DJANGO_SETTINGS_MODULE=$(TEST_SETTINGS) $(PY) manage.py makemigrations --check --dry-run

pytest: install chromium ## Run only the pytest suite (PYTEST_ARGS=... to pass options)
	DJANGO_SETTINGS_MODULE=$(TEST_SETTINGS) $(BIN)/pytest $(PYTEST_ARGS)

test: install chromium lint ## Install, lint, then run the whole pytest suite (SQLite unless DATABASE_URL is set)
	DJANGO_SETTINGS_MODULE=$(TEST_SETTINGS) $(BIN)/pytest $(PYTEST_ARGS)

test-postgres: install chromium ## Run the pytest suite against DATABASE_URL (must be set to a PostgreSQL URL)
	@case "$$DATABASE_URL" in postgres://*|postgresql://*) ;; \
	  *) echo "error: set DATABASE_URL=postgres://USER@HOST:PORT/DB (see .ci/run)" >&2; exit 1;; esac
	DJANGO_SETTINGS_MODULE=$(TEST_SETTINGS) $(BIN)/pytest $(PYTEST_ARGS)

format: install ## Fix what ruff can, reformat Python with ruff and templates with djhtml
	$(BIN)/ruff check --fix --exit-zero .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

bench: install chromium ## Run the directory, stories, spreadsheet, moderation, opportunities, research, map and network benchmarks (BENCH_ARGS=... go to directory.py)
	$(PY) bench/directory.py $(BENCH_ARGS)
	$(PY) bench/stories.py
	$(PY) bench/spreadsheet.py
	$(PY) bench/moderation.py
	$(PY) bench/opportunities.py
	$(PY) bench/research.py
	$(PY) bench/map.py
	$(PY) bench/network.py

clean: ## Remove .venv, node_modules and staticfiles
	rm -rf $(VENV) node_modules staticfiles
