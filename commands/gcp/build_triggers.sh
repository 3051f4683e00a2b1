#!/usr/bin/env bash
# Cloud Build triggers: develop deploys to staging, main to production.
# Usage: REPO_OWNER=acacia-org REPO_NAME=acacia-analytics-api ./build_triggers.sh
set -euo pipefail
: "${REPO_OWNER:?set REPO_OWNER to the GitHub organisation}"
: "${REPO_NAME:?set REPO_NAME to the GitHub repository}"
gcloud builds triggers create github --name acacia-api-staging \
  --repo-owner "$REPO_OWNER" --repo-name "$REPO_NAME" \
  --branch-pattern '^develop$' --build-config cloudbuild-staging.yaml \
  --substitutions _SERVICE_NAME=acacia-analytics-api
gcloud builds triggers create github --name acacia-api-production \
  --repo-owner "$REPO_OWNER" --repo-name "$REPO_NAME" \
  --branch-pattern '^main$' --build-config cloudbuild.yaml \
  --substitutions _SERVICE_NAME=acacia-analytics-api
