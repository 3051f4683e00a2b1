#!/usr/bin/env bash
# The staging runtime account, its secret access, and what Cloud Build may do.
# Run from the service's folder: the names come from its .copier-answers.yml.
# Usage: PROJECT=my-project PROJECT_NUMBER=123456789 ./service_accounts.sh
set -euo pipefail
: "${PROJECT:?set PROJECT to the GCP project id}"
: "${PROJECT_NUMBER:?set PROJECT_NUMBER to the GCP project number}"
account="$(sed -n 's/^service_account: //p' .copier-answers.yml)"
: "${account:?run from a service made by acacia-sop new (.copier-answers.yml)}"
runtime="${account}-staging@${PROJECT}.iam.gserviceaccount.com"
cloud_build="serviceAccount:${PROJECT_NUMBER}@cloudbuild.gserviceaccount.com"

gcloud iam service-accounts create "${account}-staging" \
  --display-name "${account} (staging) runtime"
gcloud secrets add-iam-policy-binding SECRET_KEY_STAGING \
  --member "serviceAccount:${runtime}" \
  --role roles/secretmanager.secretAccessor
# Deploys revisions, reads the URL and calls the private staging service
# (the smoke step): roles/run.admin includes run.routes.invoke.
gcloud projects add-iam-policy-binding "$PROJECT" \
  --member "$cloud_build" \
  --role roles/run.admin
gcloud iam service-accounts add-iam-policy-binding "$runtime" \
  --member "$cloud_build" \
  --role roles/iam.serviceAccountUser
# The SOP checklist's SARIF reports: every build writes one (sop-check).
gcloud storage buckets create "gs://${PROJECT}-sop-reports" \
  --location us-central1 --uniform-bucket-level-access
gcloud storage buckets add-iam-policy-binding "gs://${PROJECT}-sop-reports" \
  --member "$cloud_build" \
  --role roles/storage.objectCreator
