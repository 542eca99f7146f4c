#!/usr/bin/env bash
# The chat page's accessibility test (dev.parley.chat.PageAccessibilityIT) injects axe-core into Chromium from
# peers/page/node_modules, installed from its lockfile. Install it when missing or when the lockfile changed.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v npm >/dev/null; then
    echo "ensure-axe: npm is missing; install Node 20 with npm" >&2
    exit 1
fi
# npm ci when the lockfile differs from the one last installed (a copy kept in node_modules)
stamp=peers/page/node_modules/.parley-installed-lock.json
if ! cmp -s peers/page/package-lock.json "$stamp" 2>/dev/null; then
    (cd peers/page && npm ci --no-audit --no-fund --loglevel=error)
    cp peers/page/package-lock.json "$stamp"
fi
node -p "'ensure-axe: axe-core ' + require('./peers/page/node_modules/axe-core/package.json').version"
