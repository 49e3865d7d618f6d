#!/usr/bin/env bash
# Type check (issue 11): mypy with django-stubs on the gatekeeper, services and selectors (config in
# pyproject.toml). Idempotent; non-zero on any type error.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/mypy ] || make install
.venv/bin/mypy
