#!/usr/bin/env bash
# In a GitHub workflow: workflow commands that annotate the run and the pull
# request, and SARIF for code scanning (upload acacia-sop.sarif with
# github/codeql-action/upload-sarif), from one run; the exit status is the check's.
set -euo pipefail
acacia-sop check "${1:-.}" --format github --sarif acacia-sop.sarif
