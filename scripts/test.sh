#!/usr/bin/env bash
# Fresh machine to a full test run: install with the test tools, then the whole suite
# (unit, integration on SQLite and on Postgres at 127.0.0.1:5432, browser tests in Chromium).
# Two worker processes take the tests file by file (most tests wait on servers, browsers and databases more than
# they compute); the tests marked `serial`, which time a server under load or kill one, run after, alone.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --test
phase() { .venv/bin/python -m pytest "$@" || [ $? -eq 5 ]; }  # 5: none of the tests asked for is of this phase
phase -n 2 --dist loadfile -m "not serial" "$@"
phase -m serial "$@"
