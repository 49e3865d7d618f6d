"""Issue 10, "done when": the annual report of ANY unit shows no change computed from missing data and states
its coverage and boundaries.

A sweep over the nation, a province before and after the 2025 reform, an abolished province, communes of both
periods and central bodies (the Commission before and after its 2025 merger, the Front), for 2023 and 2026 (a
year not finished), with data that is deliberately patchy: figures present one year and missing the next (the
trap that printed "giảm 100%"), a real 0, and units with nothing at all. Every output — JSON (the command),
the page, the print page, DOCX and XLSX — is read.
"""

import io
import json
import re

import pytest
from django.core.management import call_command

from danvan.orgunits.models import OrgUnit
from danvan.reports.importers import import_datavalues

pytestmark = pytest.mark.django_db

# A decrease of 100% in any wording: "giảm 100%", "giảm 1.000.000.000 đồng (100%)", a table's "−100,0%"…
# (the sweep's data has no real 0 after real data, so no honest −100% either).
HUNDRED_DOWN = re.compile(r"giảm(?:[^.;\n]|\.(?=\d)){0,60}?\b100(,0+)?\s?%|[−-]\s?100(,0+)?\s?%", re.IGNORECASE)


def _seed(ninh_kieu: OrgUnit, legacy_commune: OrgUnit) -> None:
    rows = [
        # 2022 has money and dialogues; 2023 has neither (missing, not 0) — the national "0 … giảm 100%" trap.
        ("VN", "2022", "campaign.money.received", 1_000_000_000), ("VN-93", "2022", "dialogue", 130),
        ("VN-93", "2022", "dvk.registered", 70), ("VN-93", "2023", "dvk.registered", 76),
        (legacy_commune.key, "2023", "media", 0),  # a real 0 is data
        ("TW-BDV", "2023", "conference.dissemination", 12), ("TW-MTTQ", "2022", "commendation.collective", 40),
        # 2025 has figures that 2026 (not finished) does not have yet.
        ("VN-92", "2025", "dialogue", 40), ("VN-92", "2025", "campaign.money.received", 500_000_000),
        (ninh_kieu.key, "2025", "conference.dissemination", 6), ("TW-BTGDV", "2025", "media", 15),
        (ninh_kieu.key, "2026", "dvk.registered", 5), ("TW-BTGDV", "2026", "conference.dissemination", 4),
        ("VN-92", "2025S1", "media", 20),  # the first half of 2025 has media items; that of 2026 has none yet
    ]
    lines = ["unit,period,indicator,value"] + [f"{u},{p},{c},{v}" for u, p, c, v in rows]
    import_datavalues(actor=None, data=("\n".join(lines) + "\n").encode(), file_name="sweep.csv")


def _reports(ninh_kieu: OrgUnit, legacy_commune: OrgUnit) -> list[tuple[str, str]]:
    return [("VN", "2023"), ("VN", "2026"), ("VN-92", "2023"), ("VN-92", "2026"), ("VN-92", "2026S1"),
            ("VN-93", "2023"), (legacy_commune.key, "2023"), (ninh_kieu.key, "2026"), ("TW-BDV", "2023"),
            ("TW-BTGDV", "2026"), ("TW-MTTQ", "2023"), ("TW-MTTQ", "2026")]


def _docx_text(content: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _xlsx_text(content: bytes) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row
                     if c is not None)


def test_no_change_from_missing_data_and_coverage_stated_for_any_unit(make_user, client_for, commune_cantho):
    legacy_commune = OrgUnit.objects.filter(path__startswith="VN/VN-93/", kind="commune").order_by("path").first()
    _seed(commune_cantho, legacy_commune)
    client = client_for(make_user(superuser=True, username="sweep-root"))
    seen_trap = False
    for key, period in _reports(commune_cantho, legacy_commune):
        out = io.StringIO()
        call_command("annual_report", key, period, "--format", "json", stdout=out)
        data = json.loads(out.getvalue())
        figures, previous, coverage = data["figures"], data["previous_year"], data["coverage"]
        # Coverage for every indicator, counted over the units below (or the unit itself).
        assert set(coverage) == set(figures), key
        assert all(0 <= c["reporting"] <= c["expected"] for c in coverage.values()), key
        for code, value in figures.items():
            if coverage[code]["reporting"]:
                assert value is not None, (key, period, code)  # units below have data: so has the unit
        # Missing is null, never 0 — in both years.
        assert all(v is None or isinstance(v, int | float) for v in list(figures.values()) + list(previous.values()))
        seen_trap |= any(previous[c] not in (None, 0) and figures[c] is None for c in figures)
        outputs = {
            "json": "\n".join(data["narrative"]) + json.dumps(data, ensure_ascii=False),
            "page": client.get(f"/tong-ket/{key}/{period}/").content.decode(),
            "print": client.get(f"/tong-ket/{key}/{period}/in/").content.decode(),
            "docx": _docx_text(client.get(f"/tong-ket/{key}/{period}/tai-ve.docx").content),
            "xlsx": _xlsx_text(client.get(f"/tong-ket/{key}/{period}/tai-ve.xlsx").content),
        }
        for name, text in outputs.items():
            assert not HUNDRED_DOWN.search(text), (key, period, name, HUNDRED_DOWN.search(text).group(0))
        for name in ("page", "print", "docx"):
            text = outputs[name]
            assert "Theo địa giới hành chính" in text, (key, period, name)  # the boundaries are stated
            if any(c["expected"] > 1 for c in coverage.values()):
                assert re.search(r"số liệu của \d+(–\d+)?/\d+ đơn vị trực thuộc", text), (key, period, name)
    assert seen_trap  # the sweep did meet figures present the year before and missing this year


def test_nation_2023_money_missing_is_not_a_decrease(make_user, client_for, commune_cantho):
    legacy_commune = OrgUnit.objects.filter(path__startswith="VN/VN-93/", kind="commune").order_by("path").first()
    _seed(commune_cantho, legacy_commune)
    out = io.StringIO()
    call_command("annual_report", "VN", "2023", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["figures"]["campaign.money.received"] is None
    assert data["previous_year"]["campaign.money.received"] == 1_000_000_000
    assert data["figures"]["dvk.registered"] == 76 and data["previous_year"]["dvk.registered"] == 70
    text = "\n".join(data["narrative"])
    assert "tăng 6 mô hình" in text  # both years have data: the change is given
    assert not HUNDRED_DOWN.search(text)
