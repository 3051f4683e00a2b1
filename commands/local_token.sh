#!/usr/bin/env bash
# Log in to the local service and call a route that needs a token. Run it from
# the service's folder while `make api` serves: the first run of `make api`
# wrote the first admin's email and password to .env.development.
set -euo pipefail
base_url="${BASE_URL:-http://127.0.0.1:8080}"
email=$(sed -n 's/^FIRST_ADMIN_EMAIL=//p' .env.development)
password=$(sed -n 's/^FIRST_ADMIN_PASSWORD=//p' .env.development)
token=$(curl -sf -X POST "$base_url/api/v1/auth/token" \
  --data-urlencode "username=$email" --data-urlencode "password=$password" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')
curl -sf -H "Authorization: Bearer $token" "$base_url/api/v1/users/me"
