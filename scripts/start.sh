#!/usr/bin/env bash
# Fresh machine to a running app: install, load the user guide as sample knowledge, serve on 127.0.0.1:8000.
# HOST and PORT choose where it listens (HOST=0.0.0.0 to reach it from other machines).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
.venv/bin/ragloop ingest docs/guide
# A few questions the guide answers: the chat page offers them as examples and the nightly job measures them.
.venv/bin/ragloop golden import docs/guide-questions.jsonl
if [ -z "$(.venv/bin/ragloop users list)" ]; then
  # First start: an admin to sign in with (the password is shown this once; change it with `ragloop users passwd`).
  password=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(12))')
  printf '%s\n' "$password" | .venv/bin/ragloop users add admin --role admin --password-stdin >/dev/null
  line="+------------------------------------------------------------------------+"
  printf '\n%s\n' "$line"
  printf '| %-70s |\n' "First start: sign in at http://${HOST:-127.0.0.1}:${PORT:-8000}/login" \
    "user: admin" "password: $password" "" "Shown this once. Change it with: .venv/bin/ragloop users passwd admin"
  printf '%s\n\n' "$line"
fi
exec .venv/bin/ragloop serve --host "${HOST:-127.0.0.1}" --port "${PORT:-8000}"
