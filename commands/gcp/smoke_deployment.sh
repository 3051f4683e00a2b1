#!/usr/bin/env bash
# Smoke-test a deployed service from the service's folder. Staging is not
# public: the identity token of your gcloud account (roles/run.invoker on the
# service) goes with every request, in the header Cloud Run checks.
# Usage: SMOKE_EMAIL=... SMOKE_PASSWORD=... ./smoke_deployment.sh STAGING_URL [PRODUCTION_URL]
set -euo pipefail
staging_url="${1:?give the staging service URL}"
SMOKE_ID_TOKEN="$(gcloud auth print-identity-token)" make smoke BASE_URL="$staging_url"
# Production serves no API docs, so the docs check expects them to be off.
if [ -n "${2:-}" ]; then
  SMOKE_EXPECT_DOCS=false make smoke BASE_URL="$2"
fi
