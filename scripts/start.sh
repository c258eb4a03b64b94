#!/usr/bin/env bash
# Fresh machine to a running app: install, load the user guide as sample knowledge, serve on 127.0.0.1:8000.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
.venv/bin/ragloop ingest docs/guide
exec .venv/bin/ragloop serve --host "${HOST:-127.0.0.1}" --port "${PORT:-8000}"
