#!/usr/bin/env bash
# Issue 12: LibreOffice renders the annual report's DOCX. Installs Debian's libreoffice-writer-nogui when
# missing, builds VN 2023 and VN-92 2026 (with the six-month review of VN-92 2026S1) on a throw-away SQLite
# database, converts each to PDF and checks a sane page count. Idempotent; non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
# Times New Roman's metric-compatible twin with Vietnamese letters (Liberation 2; 1.x lacks ả, ộ, ệ …):
# without it LibreOffice lays the pages out in a wider serif.
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
$PY .ci/annual_data.py > "$work/values.csv"
$PY manage.py import_datavalues "$work/values.csv" >/dev/null

$PY manage.py annual_report VN 2023 --format docx --output "$work/vn-2023.docx" --date 2023-12-27
$PY manage.py annual_report VN-92 2026 --format docx --output "$work/vn92-2026.docx"
$PY manage.py annual_report VN-92 2026S1 --format docx --output "$work/vn92-2026s1.docx" --date 2026-07-10
# A private profile: never touches a user's LibreOffice settings, safe to run twice at once.
soffice -env:UserInstallation="file://$work/lo-profile" --headless --convert-to pdf --outdir "$work" \
  "$work/vn-2023.docx" "$work/vn92-2026.docx" "$work/vn92-2026s1.docx" >/dev/null
$PY - "$work" <<'PYEOF'
import re
import sys
from pathlib import Path

work = Path(sys.argv[1])
limits = {"vn-2023.pdf": (4, 40), "vn92-2026.pdf": (3, 40), "vn92-2026s1.pdf": (3, 40)}
for name, (low, high) in limits.items():
    data = (work / name).read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", data))
    print(f"{name}: {pages} pages")
    if not low <= pages <= high:
        sys.exit(f"{name}: {pages} pages, expected {low}–{high}")
PYEOF
echo "== annual report renders in LibreOffice"
