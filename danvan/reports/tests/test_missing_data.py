"""Issue 10: missing is not zero; coverage is stated; no change is computed from missing data."""

import io
import json
import zipfile

import pytest
from django.core.management import call_command

from danvan.orgunits.models import OrgUnit
from danvan.reports import selectors
from danvan.reports.services import datavalue_set

from .helpers import D, add_fact

pytestmark = pytest.mark.django_db


@pytest.fixture
def can_tho_2026(unit, commune_cantho):
    """Cần Thơ 2026: records in two of its communes; 2025 has dialogues and money but 2026 has none."""
    can_tho = unit("VN-92")
    communes = list(OrgUnit.objects.filter(parent=can_tho, valid_to__isnull=True).order_by("path")[:2])
    for commune in communes:
        add_fact("dvk.registered", commune, D(2026, 3, 1))
    add_fact("dialogue", commune_cantho, D(2025, 9, 1), value=3)
    add_fact("campaign.money.received", commune_cantho, D(2025, 9, 1), value=5_000_000)
    datavalue_set(actor=None, unit=communes[1], period="2026", indicator="media", value=0)  # an entered 0
    return can_tho, communes


def test_engine_tells_no_data_from_zero_and_counts_coverage(can_tho_2026):
    can_tho, communes = can_tho_2026
    data = selectors.annual_figures(unit=can_tho, year=2026)
    expected = OrgUnit.objects.filter(parent=can_tho).valid_during(D(2026, 1, 1), D(2026, 12, 31)).count()
    assert data["figures"]["dvk.registered"] == 2 and data["figures"]["dialogue"] is None
    assert data["figures"]["media"] == 0  # entered as 0: data, not missing
    assert data["previous_year"]["dialogue"] == 3 and data["previous_year"]["dvk.registered"] is None
    assert data["coverage"]["dvk.registered"] == {"reporting": 2, "expected": expected}
    assert data["coverage"]["media"] == {"reporting": 1, "expected": expected}
    assert data["coverage"]["dialogue"] == {"reporting": 0, "expected": expected}
    children = {row["unit"]: row["figures"] for row in data["by_child"]}
    assert children[communes[0].key]["dvk.registered"] == 1 and children[communes[0].key]["media"] is None
    # The same through a live computation (a quarter) and the figure set pages use.
    shown = selectors.figure_set(unit=can_tho, period="2026Q1", indicators=["dvk.registered", "dialogue"])
    assert shown["values"] == {"dvk.registered": 2, "dialogue": None}
    assert shown["coverage"]["dvk.registered"] == {"reporting": 2, "expected": expected}


def test_annual_report_never_computes_a_change_from_missing_data(can_tho_2026, make_user, client_for):
    out = io.StringIO()
    call_command("annual_report", "VN-92", "2026", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["previous_year"]["dvk.registered"] is None and data["figures"]["dialogue"] is None
    assert set(data["coverage"]["dialogue"]) == {"reporting", "expected"}
    client = client_for(make_user("VN-92", "viewer"))
    api = client.get("/api/v1/reports/annual/VN-92/2026/").json()
    assert api["coverage"] == data["coverage"] and api["previous_year"]["dvk.registered"] is None
    page = client.get("/tong-ket/VN-92/2026/").content.decode()
    docx = client.get("/tong-ket/VN-92/2026/tai-ve.docx").content
    document_xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()
    for text in (page, document_xml):
        assert "giảm 100" not in text  # 2026 dialogues and money are missing, not 0
    assert "chưa có số liệu so sánh với năm 2025" in page  # what the narrative says instead (issue 12 wording)
    assert "Theo địa giới hành chính" in page and "đơn vị trực thuộc" in page
