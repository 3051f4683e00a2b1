#!/bin/sh
# The site the container serves, written to $1. The checked-out commit is
# always built with `mkdocs build --strict` (a broken site never ships); when
# the checkout has the versions branch that `make release` deploys to, that
# branch is served instead: every release, `latest` and the version list.
set -eu
out="$1"
branch="${SITE_BRANCH:-site-versions}"
python -m mkdocs build --strict --site-dir "$out"
if git rev-parse -q --verify "refs/heads/$branch" >/dev/null 2>&1; then
    rm -rf "$out"
    mkdir -p "$out"
    git archive --format=tar "$branch" | tar -x -C "$out"
    echo "build-site: serving the releases on $branch"
fi
