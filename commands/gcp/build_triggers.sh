#!/usr/bin/env bash
# Cloud Build triggers: develop deploys to staging, main to production.
# Run from the service's folder: the names come from its .copier-answers.yml.
# Usage: REPO_OWNER=acacia-org REPO_NAME=payments-api ./build_triggers.sh
set -euo pipefail
: "${REPO_OWNER:?set REPO_OWNER to the GitHub organisation}"
: "${REPO_NAME:?set REPO_NAME to the GitHub repository}"
service="$(sed -n 's/^service_name: //p' .copier-answers.yml)"
: "${service:?run from a service made by acacia-sop new (.copier-answers.yml)}"
gcloud builds triggers create github --name "${service}-staging" \
  --repo-owner "$REPO_OWNER" --repo-name "$REPO_NAME" \
  --branch-pattern '^develop$' --build-config cloudbuild-staging.yaml \
  --substitutions "_SERVICE_NAME=${service}"
gcloud builds triggers create github --name "${service}-production" \
  --repo-owner "$REPO_OWNER" --repo-name "$REPO_NAME" \
  --branch-pattern '^main$' --build-config cloudbuild.yaml \
  --substitutions "_SERVICE_NAME=${service}"
