#!/usr/bin/env bash
# Create the staging secrets in Secret Manager (run once per environment).
# Usage: MONGO_URI_VALUE='mongodb+srv://...' ./create_secrets.sh
set -euo pipefail
: "${MONGO_URI_VALUE:?set MONGO_URI_VALUE to the staging database URI}"
python3 -c "import secrets; print(secrets.token_urlsafe(48), end='')" |
  gcloud secrets create SECRET_KEY_STAGING --data-file=-
printf '%s' "$MONGO_URI_VALUE" |
  gcloud secrets create MONGO_URI_STAGING --data-file=-
