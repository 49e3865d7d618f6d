# Sourced by .ci/annual.sh and .ci/annual_samples.sh (issue 12): installs what renders the annual report's DOCX
# (Debian's libreoffice-writer-nogui, poppler-utils when asked with NEED_POPPLER=1, and Times New Roman's
# metric-compatible twin with Vietnamese letters, fonts-liberation2 — 1.x lacks ả, ộ, ệ …, and without it
# LibreOffice lays the pages out in a wider serif), then makes a throw-away SQLite database with the country's
# units in $work (removed on exit). Leaves $work, $PY and DATABASE_URL set.
need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
if [ "${NEED_POPPLER:-0}" = 1 ]; then command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils); fi
fc-list ":charset=1ea2" family 2>/dev/null | grep -qi "Liberation Serif" || need+=(fonts-liberation2)
if [ ${#need[@]} -gt 0 ]; then
  echo "== installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends "${need[@]}" >/dev/null ||
    { apt-get update >/dev/null && apt-get install -y --no-install-recommends "${need[@]}" >/dev/null; }
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export DATABASE_URL="sqlite:///$work/annual.sqlite3"
PY=.venv/bin/python
$PY manage.py migrate --noinput >/dev/null
$PY manage.py createcachetable
$PY manage.py load_units >/dev/null
