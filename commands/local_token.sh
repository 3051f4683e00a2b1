#!/usr/bin/env bash
# Log in to a local service (`make api`) and call a route that needs a token.
set -euo pipefail
base_url="${BASE_URL:-http://127.0.0.1:8080}"
token=$(curl -sf -X POST "$base_url/api/v1/auth/token" \
  -d username=admin@acacia.io -d password=local-admin-password |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')
curl -sf -H "Authorization: Bearer $token" "$base_url/api/v1/users/me"
