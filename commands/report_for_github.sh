#!/usr/bin/env bash
# In a GitHub workflow: SARIF for code scanning (upload acacia-sop.sarif with
# github/codeql-action/upload-sarif) and workflow commands that annotate the
# run and the pull request. Both run; the exit status is the check's.
set -euo pipefail
service="${1:-.}"
status=0
acacia-sop check "$service" --format sarif > acacia-sop.sarif || status=$?
acacia-sop check "$service" --format github || status=$?
exit "$status"
