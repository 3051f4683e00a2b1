#!/bin/sh
# The site the container serves, written to $1. The checked-out commit is
# always built with `mkdocs build --strict` (a broken site never ships); when
# the checkout has the versions branch that `make release` deploys to, that
# branch is served instead: every release, `latest` and the version list.
set -eu
out="$1"
branch="${SITE_BRANCH:-site-versions}"
# The "tested by" captions come from coverage contexts (`make coverage-data`,
# which `make test` runs first: Cloud Build's test step leaves them here).
[ -d .coverage-contexts ] || {
    echo "build-site: no .coverage-contexts: run make coverage-data first" >&2
    exit 2
}
python -m mkdocs build --strict --site-dir "$out"
if git rev-parse -q --verify "refs/heads/$branch" >/dev/null 2>&1; then
    rm -rf "$out"
    mkdir -p "$out"
    git archive --format=tar "$branch" | tar -x -C "$out"
    echo "build-site: serving the releases on $branch"
fi
