#!/usr/bin/env bash
# API contract (issue 11): the committed OpenAPI schema is what the code generates (no warnings), and a
# bounded, seeded schemathesis run over WSGI as a token-holding user (reported; enforced with FUZZ_ENFORCE=1).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== OpenAPI schema: no warnings, same as docs/openapi.yaml"
generated="$(mktemp)"
trap 'rm -f "$generated"' EXIT
.venv/bin/python manage.py spectacular --validate --fail-on-warn --file "$generated"
if ! diff -u docs/openapi.yaml "$generated"; then
  echo "docs/openapi.yaml is out of date: run 'make api-schema' and commit it (a deliberate API change)." >&2
  exit 1
fi
echo "== schemathesis (in-process, fixed seed)"
# Not yet enforced: the first full runs still reported failures on older endpoints that were not all
# triaged (see docs/api.md, "Fuzzing"). FUZZ_ENFORCE=1 makes a failure fail this script.
if ! FUZZ_EXAMPLES="${FUZZ_EXAMPLES:-2}" DJANGO_SETTINGS_MODULE=config.settings_test timeout 600 \
  .venv/bin/python -m pytest -q -n 2 -p no:randomly \
  --create-db fuzz/; then
  echo "schemathesis reported failures (see above)." >&2
  if [ "${FUZZ_ENFORCE:-0}" = "1" ]; then exit 1; fi
fi
