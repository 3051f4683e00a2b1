#!/usr/bin/env bash
# The commands of docs/guides/new-service.md, one region per step, in page
# order. tests/starter/test_new_service.py runs every region in one shell, in
# the order the page includes them, and compares the output with output/.
# The comment above each region is its step's title on the site.
# Between `api` and `call`, `make api` keeps running (a second terminal).

# Point pip at the company's Python index
# --8<-- [start:index]
export ACACIA_PYTHON_INDEX="https://oauth2accesstoken:$(gcloud auth print-access-token)@us-central1-python.pkg.dev/acacia-platform/acacia-python/simple/"
# --8<-- [end:index]

# Install acacia-sop into its own virtual environment
# --8<-- [start:install]
python3 -m venv ~/.venvs/acacia-sop
~/.venvs/acacia-sop/bin/pip install --quiet --index-url "$ACACIA_PYTHON_INDEX" acacia-sop==0.1.0
export PATH="$HOME/.venvs/acacia-sop/bin:$PATH"
acacia-sop --version
# --8<-- [end:install]

# Generate the service's repository
# --8<-- [start:new]
acacia-sop new payments-api --description "Takes card payments for Acacia Analytics."
cd payments-api
git log --oneline --format=%s
# --8<-- [end:new]

# Run the API on this machine
# --8<-- [start:api]
make api
# --8<-- [end:api]

# Call the health endpoint, sign in, ask who you are
# --8<-- [start:call]
curl -s -w '\n' http://127.0.0.1:8080/api/v1/health
PASSWORD=$(sed -n 's/^FIRST_ADMIN_PASSWORD=//p' .env.development)
TOKEN=$(curl -s -X POST http://127.0.0.1:8080/api/v1/auth/token \
  -d username=admin@acacia.io -d "password=$PASSWORD" \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')
curl -s -w '\n' http://127.0.0.1:8080/api/v1/users/me -H "Authorization: Bearer $TOKEN"
# --8<-- [end:call]

# Register the notes router
# --8<-- [start:register]
sed -i "s/import auth, health, orders, users/import auth, health, notes, orders, users/" app/api/v1/router.py
sed -i 's/^    users.router,$/&\n    notes.router,/' app/api/v1/router.py
# --8<-- [end:register]

# Add a runtime dependency
# --8<-- [start:add]
make add PACKAGE=httpx-retries
# --8<-- [end:add]

# Run the tests
# --8<-- [start:test]
make test
# --8<-- [end:test]

# Check the service against the SOP
# --8<-- [start:check]
acacia-sop check .
# --8<-- [end:check]

# Push to develop, which deploys to staging
# --8<-- [start:deploy]
git switch --quiet --create develop
git add --all
git commit --quiet -m "feat(notes): the signed-in user's notes"
git push --quiet origin develop
# --8<-- [end:deploy]
