#!/usr/bin/env bash
# Set up and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/browser.sh  # Debian's Chromium for the browser tests
# A throwaway PostgreSQL server: the store tests run against it as well as SQLite.
eval "$(bash scripts/postgres.sh)"
export CEASEFIRE_TEST_PG_URL
.venv/bin/python -m pytest -q "$@"
