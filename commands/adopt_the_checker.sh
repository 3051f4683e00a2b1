#!/usr/bin/env bash
# Adopt the checker on an existing service (default: the current folder):
# record today's findings once, then fail only on new ones.
set -euo pipefail
cd "${1:-.}"
# Once: record every finding the service has today, and commit the file.
acacia-sop check . --write-baseline .sop-baseline.json
# In CI and pre-commit: only findings the baseline does not record fail.
acacia-sop check . --baseline .sop-baseline.json
