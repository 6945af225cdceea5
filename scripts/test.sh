#!/usr/bin/env bash
# Set up and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/browser.sh  # Debian's Chromium for the browser tests
# A throwaway PostgreSQL server: every test that uses a database runs against it
# as well as against SQLite (tests/conftest.py). Assigned first, then evaluated:
# set -e stops here when the server cannot be started, instead of running on
# without it.
pg_env=$(bash scripts/postgres.sh)
eval "$pg_env"
export CEASEFIRE_TEST_PG_URL
.venv/bin/python -m pytest -q "$@"
