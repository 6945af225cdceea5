#!/usr/bin/env bash
# Install what the browser tests (tests/serve/test_browser.py) need, idempotently:
# Debian's Chromium, which Playwright drives by its path (/usr/bin/chromium).
# Playwright's own browser download ("playwright install") is never used.
# Quick when Chromium is already there.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "browser.sh: no /usr/bin/chromium and not root: run 'sudo apt-get install chromium' first" >&2
  exit 2
fi
echo "browser.sh: installing Debian's chromium with apt-get" >&2
apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
