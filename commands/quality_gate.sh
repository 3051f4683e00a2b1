#!/usr/bin/env bash
# The checks every pull request passes, run from the service's root folder.
set -euo pipefail
ruff check .
ruff format --check .
mypy --strict app tests
pytest --cov=app --cov-fail-under=80
