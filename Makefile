# Two commands matter: `make serve` and `make test`. Everything else is a step.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SERVICE := examples/acacia-service
SERVICE_REQS := $(wildcard $(SERVICE)/requirements-dev.txt)
STAMP := $(VENV)/.installed
SITE_DIR ?= site
SERVICE_PYTHON = $(abspath $(BIN)/python)
export NO_MKDOCS_2_WARNING := 1

.DEFAULT_GOAL := help
.PHONY: help install serve build test lint types test-docs test-service check-service bench api lock clean dist

help:  ## List the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock $(SERVICE_REQS)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]' \
		$(if $(SERVICE_REQS),-r $(SERVICE_REQS))
	touch $@

install: $(STAMP)  ## Create .venv and install pinned dependencies

serve: $(STAMP)  ## Serve the site at http://127.0.0.1:8000
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

build: $(STAMP)  ## Build the site into ./site (strict)
	$(BIN)/mkdocs build --strict --site-dir $(SITE_DIR)

lint: $(STAMP)  ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MAKE) -C $(SERVICE) lint PYTHON=$(SERVICE_PYTHON)

types: $(STAMP)  ## mypy --strict over our code, snippets, tests and the service
	$(BIN)/mypy
	$(MAKE) -C $(SERVICE) typecheck PYTHON=$(SERVICE_PYTHON)

test-docs: $(STAMP)  ## Doc tests: rules, includes, snippets, strict build, browser
	$(BIN)/pytest --cov --cov-report=
	$(BIN)/coverage report --include='snippets/*' --fail-under=100
	$(BIN)/coverage report --include='acacia_sop/*' --fail-under=85 --skip-covered

test-service: $(STAMP)  ## The reference service's own test suite
	$(MAKE) -C $(SERVICE) test PYTHON=$(SERVICE_PYTHON)

check-service: $(STAMP)  ## Run acacia-sop check on the reference service
	$(BIN)/acacia-sop check $(SERVICE)

bench: $(STAMP)  ## Time acacia-sop check, acacia-sop new and the generated suite (bench/results/)
	$(BIN)/python bench/bench_checker.py
	$(BIN)/python bench/bench_starter.py

test: lint types check-service test-docs test-service  ## Everything CI runs

api: $(STAMP)  ## Run the reference service at http://127.0.0.1:8080 (SecantusDB unless MONGO_URI)
	$(MAKE) -C $(SERVICE) api PYTHON=$(SERVICE_PYTHON)

DIST_DIR ?= dist
TEMPLATE_BUNDLE := acacia_sop/starter/data/template.bundle
dist: $(STAMP)  ## Build the wheel, with the starter template and the rules inside, into dist/
	rm -rf build $(TEMPLATE_BUNDLE)
	$(BIN)/python -m acacia_sop.starter.template $(TEMPLATE_BUNDLE)
	$(BIN)/python -m pip wheel --quiet --no-deps --wheel-dir $(DIST_DIR) .

LOCK_PYTHON ?= python3.10
lock:  ## Re-resolve requirements.lock on the oldest supported Python (LOCK_PYTHON)
	rm -rf .venv-lock && $(LOCK_PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet -e '.[dev]' -r $(SERVICE)/requirements-dev.txt
	.venv-lock/bin/python -m pip freeze --exclude-editable | grep -v '^acacia-sop' > requirements.lock
	rm -rf .venv-lock

clean:  ## Remove the virtual environment and build output
	rm -rf $(VENV) site .pytest_cache .mypy_cache .ruff_cache .coverage dist build $(TEMPLATE_BUNDLE)
