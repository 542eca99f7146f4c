#!/usr/bin/env bash
# Usage: scripts/npm-ci-if-changed.sh NAME DIR
# Installs DIR's npm packages from its lockfile (npm ci) when they are missing or the lockfile changed since the last
# install (a copy of it is kept in DIR/node_modules). NAME prefixes the messages. For the ensure-* scripts.
set -euo pipefail
name="$1"
dir="$2"
if ! command -v npm >/dev/null; then
    echo "$name: npm is missing; install Node 20 with npm" >&2
    exit 1
fi
stamp="$dir/node_modules/.parley-installed-lock.json"
if ! cmp -s "$dir/package-lock.json" "$stamp" 2>/dev/null; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$dir/package-lock.json" "$stamp"
fi
