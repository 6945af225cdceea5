#!/usr/bin/env bash
# Set up, analyse the bundled example articles into ceasefire.db, print a summary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ceasefire ingest examples --db "${CEASEFIRE_DB:-ceasefire.db}"
.venv/bin/ceasefire show --db "${CEASEFIRE_DB:-ceasefire.db}"
