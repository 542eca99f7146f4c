#!/usr/bin/env bash
# The chat page's accessibility test (dev.parley.chat.PageAccessibilityIT) injects axe-core into Chromium from
# peers/page/node_modules, installed from its lockfile. Install it when missing or when the lockfile changed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/npm-ci-if-changed.sh ensure-axe peers/page
node -p "'ensure-axe: axe-core ' + require('./peers/page/node_modules/axe-core/package.json').version"
