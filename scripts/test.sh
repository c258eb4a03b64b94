#!/usr/bin/env bash
# Fresh machine to a full test run: install with the test tools, then the whole suite
# (unit, integration on SQLite and on Postgres at 127.0.0.1:5432, browser tests in Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --test
exec .venv/bin/python -m pytest "$@"
