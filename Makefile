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
# Coverage contexts (which test ran which line) feed the "tested by" captions.
CONTEXTS := .coverage-contexts
SNIPPET_CONTEXTS := $(CONTEXTS)/snippets
SERVICE_CONTEXTS := $(CONTEXTS)/service
SERVICE_COVERAGE_OPTS := --cov-context=test --cov=migrations --cov=tests --cov=smoke
SNIPPET_SOURCES := $(shell find snippets tests/snippets -name '*.py' -o -name '*.out') \
	tests/conftest.py tests/snippet_runs.py
SERVICE_SOURCES := $(shell find $(SERVICE)/app $(SERVICE)/migrations $(SERVICE)/tests \
	$(SERVICE)/smoke -name '*.py')

.PHONY: help install serve build test lint types test-docs test-snippets test-service coverage-data check-service bench api lock clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock $(SERVICE_REQS)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]' \
		$(if $(SERVICE_REQS),-r $(SERVICE_REQS))
	touch $@

install: $(STAMP)  ## Create .venv and install pinned dependencies

serve: $(STAMP) coverage-data  ## Serve the site at http://127.0.0.1:8000
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

build: $(STAMP) coverage-data  ## Build the site into ./site (strict)
	$(BIN)/mkdocs build --strict --site-dir $(SITE_DIR)

lint: $(STAMP)  ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MAKE) -C $(SERVICE) lint PYTHON=$(SERVICE_PYTHON)

types: $(STAMP)  ## mypy --strict over our code, snippets, tests and the service
	$(BIN)/mypy
	$(MAKE) -C $(SERVICE) typecheck PYTHON=$(SERVICE_PYTHON)

test-docs: $(STAMP) coverage-data  ## Doc tests: rules, includes, strict build, browser
	$(BIN)/pytest --ignore=tests/snippets --cov --cov-report=
	$(BIN)/coverage report --include='acacia_sop/*' --fail-under=85 --skip-covered

test-snippets: $(STAMP)  ## Snippet tests, recording which test runs which line
	mkdir -p $(CONTEXTS)
	COVERAGE_FILE=$(SNIPPET_CONTEXTS) $(BIN)/pytest tests/snippets --cov --cov-context=test --cov-report=
	$(BIN)/coverage report --data-file=$(SNIPPET_CONTEXTS) --include='snippets/*' --fail-under=100

test-service: $(STAMP)  ## The reference service's own test suite (records contexts too)
	mkdir -p $(CONTEXTS)
	COVERAGE_FILE=$(abspath $(SERVICE_CONTEXTS)) \
		$(MAKE) -C $(SERVICE) test PYTHON=$(SERVICE_PYTHON) PYTEST_ARGS="$(SERVICE_COVERAGE_OPTS)"
	$(BIN)/coverage report --data-file=$(SERVICE_CONTEXTS) --include='$(abspath $(SERVICE))/app/*' \
		--fail-under=90 > /dev/null

coverage-data: $(SNIPPET_CONTEXTS) $(SERVICE_CONTEXTS)  ## Record coverage contexts when sources changed

$(SNIPPET_CONTEXTS): $(STAMP) $(SNIPPET_SOURCES)
	$(MAKE) test-snippets

$(SERVICE_CONTEXTS): $(STAMP) $(SERVICE_SOURCES)
	$(MAKE) test-service

check-service: $(STAMP)  ## Run acacia-sop check on the reference service
	$(BIN)/acacia-sop check $(SERVICE)

bench: $(STAMP)  ## Time acacia-sop check on the reference service (bench/results/)
	$(BIN)/python bench/bench_checker.py

# The snippet and service tests record the coverage contexts the build reads.
test: lint types check-service test-service test-snippets test-docs  ## Everything CI runs

api: $(STAMP)  ## Run the reference service at http://127.0.0.1:8080 (SecantusDB unless MONGO_URI)
	$(MAKE) -C $(SERVICE) api PYTHON=$(SERVICE_PYTHON)

LOCK_PYTHON ?= python3.10
lock:  ## Re-resolve requirements.lock on the oldest supported Python (LOCK_PYTHON)
	rm -rf .venv-lock && $(LOCK_PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet -e '.[dev]' -r $(SERVICE)/requirements-dev.txt
	.venv-lock/bin/python -m pip freeze --exclude-editable | grep -v '^acacia-sop' > requirements.lock
	rm -rf .venv-lock

clean:  ## Remove the virtual environment and build output
	rm -rf $(VENV) site .pytest_cache .mypy_cache .ruff_cache .coverage $(CONTEXTS)
