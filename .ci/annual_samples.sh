#!/usr/bin/env bash
# Renders one page of each case named in issue 12 to docs/img/annual/*.png (LibreOffice → PDF → pdftoppm),
# on a throw-away SQLite database filled by .ci/annual_data.py. Run: make annual-samples
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export DATABASE_URL="sqlite:///$work/annual.sqlite3"
PY=.venv/bin/python
$PY manage.py migrate --noinput >/dev/null
$PY manage.py createcachetable
$PY manage.py load_units >/dev/null
$PY .ci/annual_data.py > "$work/values.csv"
$PY manage.py import_datavalues "$work/values.csv" >/dev/null
commune="$($PY manage.py shell --no-imports -c "from danvan.orgunits.models import OrgUnit; print(OrgUnit.objects.get(parent__key='VN-92', name='Phường Ninh Kiều', valid_to__isnull=True).key)" | tail -n1)"
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
for name in vn92-2023 vn92-2023-current vn92-2026 vn92-2026s1 vn93-2023 duk-2022 commune-2026 vn-2023; do
  pdftoppm -r 60 -png -f 1 -l 1 -singlefile "$work/$name.pdf" "$out/$name-p1"
done
last=$(pdfinfo "$work/vn-2023.pdf" | awk '/^Pages/ {print $2}')
pdftoppm -r 60 -png -f 2 -l 2 -singlefile "$work/vn-2023.pdf" "$out/vn-2023-p2"
pdftoppm -r 60 -png -f 3 -l 3 -singlefile "$work/vn-2023.pdf" "$out/vn-2023-appendix"
chart=$((last - 1))
pdftoppm -r 60 -png -f "$chart" -l "$chart" -singlefile "$work/vn-2023.pdf" "$out/vn-2023-charts"
for pdf in "$work"/*.pdf; do echo "$(basename "$pdf"): $(pdfinfo "$pdf" | awk '/^Pages/ {print $2}') pages"; done
