#!/usr/bin/env bash
# Audit a service folder (default: the current one) against the SOP.
# Exit code 1 means an automated checklist item fails.
set -euo pipefail
service="${1:-.}"
acacia-sop check "$service"
acacia-sop check "$service" --only DB-01 --only SEC-01 --format markdown
