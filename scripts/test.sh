#!/usr/bin/env bash
# Fresh machine to a full test run: install with the test tools, then the whole suite
# (unit, integration on SQLite and on Postgres at 127.0.0.1:5432, browser tests in Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --test
# Two worker processes, each taking whole test files (their module fixtures, such as a running server, stay in one
# process); RAGLOOP_TEST_WORKERS=0 runs everything in this process.
exec .venv/bin/python -m pytest -n "${RAGLOOP_TEST_WORKERS:-2}" --dist loadfile "$@"
