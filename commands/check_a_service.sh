#!/usr/bin/env bash
# Audit a service folder (default: the current one) against the SOP.
# Exit code 1 means an automated checklist item of severity error fails
# (--fail-on warning or note makes lighter rules fail the run too).
set -euo pipefail
service="${1:-.}"
acacia-sop check "$service"
acacia-sop check "$service" --only DB-01,SEC-01 --format markdown
