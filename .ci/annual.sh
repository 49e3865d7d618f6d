#!/usr/bin/env bash
# Issue 12: LibreOffice renders the annual report's DOCX. Installs Debian's libreoffice-writer-nogui when
# missing, builds VN 2023 and VN-92 2026 (with the six-month review of VN-92 2026S1) on a throw-away SQLite
# database, converts each to PDF and checks a sane page count. Idempotent; non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

source .ci/annual_setup.sh
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
