#!/usr/bin/env bash
# Ways to run one suite, from the service's root folder.
set -euo pipefail
pytest                                   # (1)!
pytest -m smoke                          # (2)!
pytest -m "integration or e2e"           # (3)!
pytest -m "not slow"                     # (4)!
pytest --cov=app --cov-report=term-missing  # (5)!
