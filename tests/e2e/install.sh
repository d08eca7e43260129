#!/usr/bin/env bash
# Installs the browser tests' npm packages (playwright-core only: it drives Debian's Chromium and
# downloads no browser) from package-lock.json with `npm ci`, once per lock file change.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
stamp=node_modules/.installed-lock
if [ -f "$stamp" ] && cmp -s package-lock.json "$stamp"; then
  exit 0
fi
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
npm ci --no-audit --no-fund --prefer-offline --loglevel=error
cp package-lock.json "$stamp"
