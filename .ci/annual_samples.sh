#!/usr/bin/env bash
# Renders the sample pages of docs/annual.md (issue 12): page 1 of each case the issue names — VN 2023, VN-92 2023
# on both boundaries, VN-92 2026, VN-93 2023, TW-DUK 2022, a 2026 commune — plus the VN-92 2026S1 review and three
# more pages of VN 2023 (end of text with the signature, appendix tables, charts). Throw-away SQLite database
# filled by .ci/annual_data.py and .ci/annual_records.py; DOCX → PDF with LibreOffice (private profile) →
# PNG with pdftoppm at 100 dpi in grey → 16-grey palette (Pillow), a few tens of kB a page.
# Run: make annual-samples   (needs soffice, pdftoppm and Times New Roman's metric twin with Vietnamese, fonts-liberation2;
#                             installs them with apt-get when missing)
set -euo pipefail
cd "$(dirname "$0")/.."
NEED_POPPLER=1 source .ci/annual_setup.sh
commune="$($PY manage.py shell --no-imports -c "from danvan.orgunits.models import OrgUnit; print(OrgUnit.objects.get(parent__key='VN-92', name='Phường Ninh Kiều', valid_to__isnull=True).key)" | tail -n1)"
$PY .ci/annual_data.py "$commune" > "$work/values.csv"
$PY manage.py import_datavalues "$work/values.csv" >/dev/null
$PY manage.py shell --no-imports -c "exec(open('.ci/annual_records.py').read())"
run() { $PY manage.py annual_report "$@" 2>/dev/null; }
run VN 2023 --format docx --output "$work/vn-2023.docx" --date 2023-12-27
run VN-92 2023 --format docx --output "$work/vn92-2023.docx" --date 2023-12-26
run VN-92 2023 --boundaries current --format docx --output "$work/vn92-2023-current.docx" --date 2023-12-26
run VN-92 2026 --format docx --output "$work/vn92-2026.docx"
run VN-92 2026S1 --format docx --output "$work/vn92-2026s1.docx" --date 2026-07-10
run VN-93 2023 --format docx --output "$work/vn93-2023.docx" --date 2023-12-27
run TW-DUK 2022 --format docx --output "$work/duk-2022.docx" --date 2022-12-27
run "$commune" 2026 --format docx --output "$work/commune-2026.docx" --date 2026-12-20
soffice -env:UserInstallation="file://$work/lo-profile" --headless --convert-to pdf --outdir "$work" "$work"/*.docx \
  >/dev/null 2>&1
out=docs/img/annual
mkdir -p "$out"
page() {  # page PDF_NAME PAGE_NUMBER PNG_NAME
  pdftoppm -r 100 -gray -png -f "$2" -l "$2" -singlefile "$work/$1.pdf" "$out/$3"
}
for name in vn-2023 vn92-2023 vn92-2023-current vn92-2026 vn92-2026s1 vn93-2023 duk-2022 commune-2026; do
  page "$name" 1 "$name-p1"
done
last=$(pdfinfo "$work/vn-2023.pdf" | awk '/^Pages/ {print $2}')
page vn-2023 2 vn-2023-p2
page vn-2023 3 vn-2023-appendix
page vn-2023 "$((last - 1))" vn-2023-charts
$PY - "$out" <<'PYEOF'
import sys
from pathlib import Path

from PIL import Image

for path in sorted(Path(sys.argv[1]).glob("*.png")):
    image = Image.open(path).convert("L").quantize(colors=16, dither=Image.Dither.NONE)
    image.save(path, optimize=True)
    print(f"{path.name}: {image.size[0]}×{image.size[1]}, {path.stat().st_size // 1024} kB")
PYEOF
for pdf in "$work"/*.pdf; do echo "$(basename "$pdf"): $(pdfinfo "$pdf" | awk '/^Pages/ {print $2}') pages"; done
if [ -n "${KEEP_PDF:-}" ]; then mkdir -p "$KEEP_PDF" && cp "$work"/*.pdf "$work"/*.docx "$KEEP_PDF"/; fi
