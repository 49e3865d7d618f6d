#!/usr/bin/env bash
# Browser tests: Playwright drives Debian's Chromium (never a downloaded browser). Installs chromium when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  echo "== installing Debian's chromium"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi
PYTEST_ADDOPTS="--create-db" make test-browser
