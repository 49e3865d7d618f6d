"""Issue 10, "done when", end to end: the Ninh Kiều scenario gives 4 − (Q3 records) + 2 on EVERY surface.

Phường Ninh Kiều (Cần Thơ) records in 2026: 4 "Dân vận khéo" registrations, 4 dissemination conferences and
3 dialogues — one of each in the third quarter. Its officer then enters, on the entry form, an aggregate of 2 for
`2026Q3` for each of the three indicators. The counting rule (docs/reports.md) makes the whole year
records of Q1, Q2, Q4 + the Q3 aggregate: 4 − 1 + 2 = 5 models, 4 − 1 + 2 = 5 conferences, 3 − 1 + 2 = 4
dialogues, for the ward and — nothing else being recorded — for Cần Thơ. Every page, export, report and API
must say exactly that: the home page's key figures, the registry and activities statistics pages and their
APIs, the figures lookup, the annual report (page, print, DOCX, XLSX, JSON, command, API), the dashboard's
JSON, CSV and XLSX, and the figures API.
"""

import csv
import datetime
import io
import json
import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR = 2026
# indicator -> (record days in 2026, how many of them in Q3)
RECORD_DAYS = {
    "dvk.registered": [D(2026, 2, 10), D(2026, 5, 3), D(2026, 8, 20), D(2026, 10, 5)],
    "conference.dissemination": [D(2026, 1, 15), D(2026, 4, 2), D(2026, 9, 9), D(2026, 10, 20)],
    "dialogue": [D(2026, 3, 5), D(2026, 7, 28), D(2026, 11, 2)],
}
Q3_AGGREGATE = 2


def _in_q3(day: datetime.date) -> bool:
    return D(2026, 7, 1) <= day <= D(2026, 9, 30)


EXPECTED = {code: len(days) - sum(map(_in_q3, days)) + Q3_AGGREGATE for code, days in RECORD_DAYS.items()}
NAMES = {"dvk.registered": "Mô hình “Dân vận khéo” được đăng ký",
         "conference.dissemination": "Hội nghị học tập, quán triệt, triển khai văn bản",
         "dialogue": "Hội nghị tiếp xúc, đối thoại giữa lãnh đạo và Nhân dân"}


@pytest.fixture
def scenario(make_user, client_for, commune_cantho, settings):
    from danvan.activities import services as activities
    from danvan.activities.models import ActivityKind
    from danvan.registry import services as registry
    from danvan.registry.models import Field

    officer = make_user(commune_cantho.key, "officer")
    field = Field.objects.get(code="kinh_te")
    for index, day in enumerate(RECORD_DAYS["dvk.registered"], start=1):
        registry.create_model(actor=officer, unit=commune_cantho, year=YEAR, register=True, registered_on=day,
                              data={"name": f"Mô hình Ninh Kiều số {index}", "field": field, "subject": "tap_the"})
    for index, day in enumerate(RECORD_DAYS["conference.dissemination"], start=1):
        activities.activity_create(actor=officer, unit=commune_cantho, kind=ActivityKind.objects.get(code="hoi_nghi"),
                                   title=f"Hội nghị quán triệt số {index}", start_date=day, attendees=80,
                                   participants=60, purpose="quan_triet")
    for index, day in enumerate(RECORD_DAYS["dialogue"], start=1):
        activities.activity_create(actor=officer, unit=commune_cantho, kind=ActivityKind.objects.get(code="doi_thoai"),
                                   title=f"Đối thoại với Nhân dân số {index}", start_date=day, attendees=50,
                                   participants=40)
    # The officer enters the Q3 aggregates on the entry form, typing the period as people write it.
    entry = client_for(officer).post(f"/bao-cao/nhap/{commune_cantho.key}/2026Q3/",
                                     {f"v_{code}": str(Q3_AGGREGATE) for code in RECORD_DAYS})
    assert entry.status_code == 302, entry.content.decode()[:2000]
    return make_user("VN-92", "approver")


def _number(text: str) -> int:
    return int(text.replace(".", ""))


def _row_after(html: str, label: str, pattern: str) -> int:
    """The first number matching `pattern` in the table row that starts with `label`."""
    row = html.split(label, 1)[1].split("</tr>", 1)[0]
    found = re.search(pattern, row)
    assert found, row[:500]
    return _number(found.group(1))


def test_every_surface_says_records_outside_q3_plus_the_q3_aggregate(scenario, client_for, commune_cantho):
    assert EXPECTED == {"dvk.registered": 5, "conference.dissemination": 5, "dialogue": 4}
    client = client_for(scenario)

    for unit_key in ("VN-92", commune_cantho.key):
        # The figures API (the period as people write it) and the reports' annual figure set.
        api = client.get("/api/v1/reports/figures/", {"unit": unit_key, "period": "năm 2026",
                                                      "indicators": ",".join(RECORD_DAYS)}).json()
        assert api["figures"] == EXPECTED, unit_key
        annual_api = client.get(f"/api/v1/reports/annual/{unit_key}/2026/").json()
        assert {code: annual_api["figures"][code] for code in RECORD_DAYS} == EXPECTED
        for code, expected in EXPECTED.items():
            # The figures lookup page, reached through its form.
            page = client.get("/bao-cao/", {"unit": unit_key, "period": "năm 2026"}, follow=True).content.decode()
            assert _row_after(page, NAMES[code], r"<strong>([\d.]+)</strong>") == expected, (unit_key, code)

    # The quarters: records of Q1, Q2, Q4 and the Q3 aggregate (figures API, "Quý 3/2026" as typed).
    for code, _days in RECORD_DAYS.items():
        quarters = [client.get("/api/v1/reports/figures/", {"unit": "VN-92", "period": f"Quý {q}/2026",
                                                            "indicators": code}).json()["figures"][code]
                    for q in (1, 2, 3, 4)]
        assert quarters[2] == Q3_AGGREGATE and sum(quarters) == EXPECTED[code]

    # The rest of docs/reports.md's worked example: halves, and a month finer than the aggregate.
    for typed, expected in (("6 tháng đầu năm 2026", 2), ("6 tháng cuối năm 2026", 3), ("tháng 8/2026", 1)):
        assert client.get("/api/v1/reports/figures/", {"unit": commune_cantho.key, "period": typed,
                                                       "indicators": "dvk.registered"}).json()["figures"][
            "dvk.registered"] == expected, typed

    # The home page's key figures (Cần Thơ's officer).
    home = client.get("/").content.decode()
    for code, expected in EXPECTED.items():
        assert _row_after(home, f'<th scope="row">{NAMES[code]}', r'<td class="num">([\d.]+)<') == expected, code

    # The registry statistics page and its API.
    stats = client.get("/mo-hinh/thong-ke/", {"don_vi": "VN-92", "nam": "năm 2026"}).content.decode()
    assert '<div class="value">5</div><div class="label">lượt đăng ký' in stats
    counts = client.get("/api/v1/registry/counts/", {"unit": "VN-92", "year": 2026}).json()
    assert counts["registered"] == EXPECTED["dvk.registered"]

    # The activities statistics page, its API and its figures.
    summary = client.get("/api/v1/activities/activities/summary/", {"unit": "VN-92", "period": "năm 2026"}).json()
    assert (summary["conferences"], summary["dialogues"]) == (EXPECTED["conference.dissemination"],
                                                              EXPECTED["dialogue"])
    activity_stats = client.get("/hoat-dong/thong-ke/", {"don_vi": "VN-92", "ky": "năm 2026"})
    assert activity_stats.context["figures"]["dialogues"] == EXPECTED["dialogue"]
    assert activity_stats.context["figures"]["conferences"] == EXPECTED["conference.dissemination"]

    # The annual report: JSON (command, page download, API), page, print page, DOCX, XLSX.
    out = io.StringIO()
    call_command("annual_report", "VN-92", "năm 2026", "--format", "json", stdout=out)
    command = json.loads(out.getvalue())
    download = json.loads(client.get("/tong-ket/VN-92/2026/tai-ve.json").content)
    api_report = client.get("/api/v1/annual/VN-92/2026/").json()
    for body in (command, download, api_report):
        assert {code: body["figures"][code] for code in RECORD_DAYS} == EXPECTED
        assert body["coverage"]["dvk.registered"]["reporting"] >= 1  # coverage is stated
    for url in ("/tong-ket/VN-92/2026/", "/tong-ket/VN-92/2026/in/"):
        html = client.get(url).content.decode()
        for code, expected in EXPECTED.items():
            assert _row_after(html, NAMES[code], r">([\d.]+)<") == expected, (url, code)
        # The narrative's sentence, and no change computed from the missing 2025 data.
        assert f"Năm 2026, toàn thành phố tổ chức {EXPECTED['dialogue']} cuộc" in html
        assert "giảm 100" not in html
    docx_text = _docx_text(client.get("/tong-ket/VN-92/2026/tai-ve.docx").content)
    xlsx_rows = _xlsx_rows(client.get("/tong-ket/VN-92/2026/tai-ve.xlsx").content)
    for code, expected in EXPECTED.items():
        assert _docx_row(docx_text, NAMES[code]) == expected, code
        assert _xlsx_value(xlsx_rows, NAMES[code]) == expected, code

    # The dashboard: JSON (page data and API), CSV and XLSX of the trend chart, the ranking of the wards.
    for code, expected in EXPECTED.items():
        query = {"ky": "năm 2026", "dia_gioi": "hien-nay", "chi_tieu": code}
        dashboard = client.get("/api/v1/dashboards/VN-92/", query).json()
        trend = next(chart for chart in dashboard["charts"] if chart["id"] == "xu-huong")
        assert {row[0]: row[1] for row in trend["rows"]}["2026"] == expected, code
        ranking = next(chart for chart in dashboard["charts"] if chart["id"] == "xep-hang")
        assert {row[0]: row[1] for row in ranking["rows"]}[commune_cantho.name] == expected, code
        rows = list(csv.reader(io.StringIO(_body(client.get("/bang-dieu-khien/VN-92/xu-huong.csv", query))
                                           .decode("utf-8-sig"))))
        assert _number({r[0]: r[1] for r in rows[1:]}["2026"]) == expected, code
        sheet = _xlsx_rows(_body(client.get("/bang-dieu-khien/VN-92/xu-huong.xlsx", query)))
        assert {str(r[0]): r[1] for r in sheet[1:]}["2026"] == expected, code


def _body(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def _docx_text(content: bytes) -> list[list[str]]:
    """Every table row of the DOCX as its cells' texts."""
    from docx import Document

    document = Document(io.BytesIO(content))
    return [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]


def _docx_row(rows: list[list[str]], label: str) -> int:
    row = next(r for r in rows if any(cell.startswith(label) for cell in r))
    label_at = next(i for i, cell in enumerate(row) if cell.startswith(label))
    return _number(next(cell for cell in row[label_at + 1:] if re.fullmatch(r"[\d.]+", cell)))


def _xlsx_rows(content: bytes) -> list[tuple]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True)
    return [row for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]


def _xlsx_value(rows: list[tuple], label: str) -> int:
    row = next(r for r in rows if any(isinstance(c, str) and c.startswith(label) for c in r))
    label_at = next(i for i, c in enumerate(row) if isinstance(c, str) and c.startswith(label))
    return next(int(c) for c in row[label_at + 1:] if isinstance(c, int | float))
