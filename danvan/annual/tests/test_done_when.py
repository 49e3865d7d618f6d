"""Issue 12's "Done when", for the cases it names — VN 2023, VN-92 2023 (both boundaries), VN-92 2026, VN-93 2023,
TW-DUK 2022 and a 2026 commune — through the DOCX, the print page and the XLSX:

- a draft says "DỰ THẢO" and a finalised report does not;
- no "giảm 100%" (nor any change or rate) is computed from missing data;
- the header and the signing authority follow the issuing body's kind;
plus the records that now write II.2 (petitions on time / overdue), III (advice, inspections, training) and the
name history (VN-91 was Tỉnh Kiên Giang until 30/6/2025).
"""

import datetime
import io
import re

import pytest
from docx import Document
from openpyxl import load_workbook

from danvan.annual import selectors, services
from danvan.annual.render_docx import render_docx
from danvan.annual.render_html import render_html
from danvan.annual.render_xlsx import write_workbook
from danvan.orgunits.models import OrgUnit
from danvan.reports.importers import import_datavalues

pytestmark = pytest.mark.django_db

NBSP6 = "\u00a0" * 6


def commune_key() -> str:
    return OrgUnit.objects.get(parent__key="VN-92", name="Phường Ninh Kiều", valid_to__isnull=True).key


def figures_csv() -> str:
    """This period's figures for every case, the previous period's for only some indicators: each unit has
    figures whose comparison must say "chưa có số liệu so sánh", never a change or "giảm 100%"."""
    commune = commune_key()
    lines = ["unit,period,indicator,value"]
    for key, period in (("VN", "2023"), ("VN-92", "2023"), ("VN-93", "2023"), ("TW-DUK", "2022")):
        for code, value in (("dvk.registered", 120), ("dialogue", 14), ("conference.dissemination", 9),
                            ("media", 40), ("commendation.collective", 3)):
            lines.append(f"{key},{period},{code},{value}")
        previous = int(period) - 1
        lines.append(f"{key},{previous},dvk.registered,100")  # the only figure of the year before
    for period in ("2026S1", "2025S1"):
        lines.append(f"VN-92,{period},dialogue,{40 if period == '2026S1' else 30}")
    lines.append("VN-92,2026S1,media,12")  # no 2025 figure at all
    lines += [f"{commune},2026S1,dialogue,6", f"{commune},2026S1,dvk.registered,4"]
    return "\n".join(lines) + "\n"


CASES = [  # (key or "commune", period, boundaries)
    ("VN", "2023", "historical"),
    ("VN-92", "2023", "historical"),
    ("VN-92", "2023", "current"),
    ("VN-92", "2026", "historical"),
    ("VN-93", "2023", "historical"),
    ("TW-DUK", "2022", "historical"),
    ("commune", "2026", "historical"),
]


@pytest.fixture
def figures(db):
    import_datavalues(actor=None, data=figures_csv().encode(), file_name="done-when.csv")


def payload_of(key: str, period: str, boundaries: str, report=None) -> dict:
    unit = OrgUnit.objects.get(key=commune_key() if key == "commune" else key)
    year, half = selectors.parse_period(period)
    report = report or selectors.find_report(unit, year, boundaries, half)
    return selectors.build_payload(unit=unit, year=year, boundaries=boundaries, report=report, half=half)


def docx_texts(payload: dict) -> list[str]:
    document = Document(io.BytesIO(render_docx(payload)))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                texts.extend(p.text for p in cell.paragraphs)
    return texts


def xlsx_texts(payload: dict) -> list[str]:
    buffer = io.BytesIO()
    write_workbook(payload, buffer)
    book = load_workbook(io.BytesIO(buffer.getvalue()))
    return [str(cell.value) for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
            if cell.value is not None]


def all_text(payload: dict) -> str:
    return "\n".join([*docx_texts(payload), render_html(payload), *xlsx_texts(payload)])


@pytest.mark.parametrize("key, period, boundaries", CASES)
def test_draft_mark_and_no_change_from_missing_data(figures, key, period, boundaries):
    payload = payload_of(key, period, boundaries)
    document = Document(io.BytesIO(render_docx(payload)))
    assert document.paragraphs[0].text == "DỰ THẢO"  # above the header, page 1
    assert '<p class="draft"><span>DỰ THẢO</span></p>' in render_html(payload)
    text = all_text(payload)
    assert not re.search(r"giảm\s+100", text) and "−100,0%" not in text and "-100,0%" not in text
    assert "None" not in text and "%(" not in text
    # every figure without a previous one says so, and the table shows "—" instead of a change
    if payload["previous_year"] is not None and payload["figures"].get("dialogue") is not None \
            and payload["previous_year"].get("dialogue") is None:
        assert "chưa có số liệu so sánh" in text


def test_the_only_compared_figure_gives_the_absolute_change_and_rate(figures):
    text = "\n".join(payload_of("VN-93", "2023", "historical")["narrative"])
    assert "được đăng ký, tăng 20 mô hình (20,0%) so với năm 2022." in text


@pytest.mark.parametrize("key, period, boundaries", CASES)
def test_finalised_report_has_no_draft_mark_anywhere(figures, make_user, key, period, boundaries):
    unit = OrgUnit.objects.get(key=commune_key() if key == "commune" else key)
    year, half = selectors.parse_period(period)
    officer = make_user(superuser=True)
    report = services.get_or_create_report(actor=officer, unit=unit, year=year, boundaries=boundaries, half=half)
    services.finalise(actor=officer, report=report, fields={"report_date": datetime.date(year, 12, 27)})
    report.refresh_from_db()
    payload = payload_of(key, period, boundaries, report=report)
    assert payload["status"] == "final"
    text = all_text(payload)
    assert "DỰ THẢO" not in text and "Dự thảo" not in text and 'class="draft"' not in text
    assert f"ngày 27 tháng 12 năm {year}" in text
    assert "số liệu chốt đến" in text


# (key, year, superior body, issuing body, symbol, signature lines) — the defaults of each kind of body.
HEADERS = [
    ("VN", 2023, "BAN CHẤP HÀNH TRUNG ƯƠNG", "BAN DÂN VẬN", "BDVTW", ["TRƯỞNG BAN"]),
    ("VN", 2026, "BAN CHẤP HÀNH TRUNG ƯƠNG", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "BTGDVTW", ["TRƯỞNG BAN"]),
    ("VN-92", 2023, "THÀNH ỦY CẦN THƠ", "BAN DÂN VẬN", "BDVTU", ["TRƯỞNG BAN"]),
    ("VN-92", 2026, "THÀNH ỦY CẦN THƠ", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "BTGDVTU", ["TRƯỞNG BAN"]),
    ("VN-93", 2023, "TỈNH ỦY HẬU GIANG", "BAN DÂN VẬN", "BDVTU", ["TRƯỞNG BAN"]),
    ("VN-91", 2023, "TỈNH ỦY KIÊN GIANG", "BAN DÂN VẬN", "BDVTU", ["TRƯỞNG BAN"]),
    ("VN-91", 2026, "TỈNH ỦY AN GIANG", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "BTGDVTU", ["TRƯỞNG BAN"]),
    ("TW-DUK", 2022, "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TRUNG ƯƠNG", "ĐẢNG ỦY KHỐI", "ĐUK", ["T/M BAN THƯỜNG VỤ", "BÍ THƯ"]),
    ("commune", 2026, "ĐẢNG BỘ THÀNH PHỐ CẦN THƠ", "ĐẢNG ỦY PHƯỜNG NINH KIỀU", "ĐU", ["T/M ĐẢNG ỦY", "BÍ THƯ"]),
]


@pytest.mark.parametrize("key, year, superior, issuing, symbol, signature", HEADERS)
def test_header_and_signing_authority_per_kind_of_body(key, year, superior, issuing, symbol, signature):
    payload = payload_of(key, str(year), "historical")
    doc = payload["document"]
    assert (doc["superior_body"], doc["issuing_body"]) == (superior, issuing)
    assert doc["number_line"] == f"Số {NBSP6}-BC/{symbol}"  # no colon, room for the number
    assert doc["signature_lines"] == signature
    texts = docx_texts(payload)
    assert texts.index(superior) < texts.index(issuing) < texts.index("*") < texts.index(doc["number_line"])
    body = [p for p in texts if p]
    signature_at = body.index("Nơi nhận:")
    assert body[signature_at + 1:signature_at + 1 + len(signature)] != signature  # recipients first, left …
    assert all(line in body for line in signature)  # … the authority beside them
    # a Ban never signs as a collective, a cấp ủy never as a head
    if "BAN" in issuing and "KHỐI" not in issuing:
        assert not any(line.startswith("T/M") for line in signature)
    else:
        assert signature[0].startswith("T/M")


def test_renamed_unit_keeps_its_name_of_the_period(unit):
    """VN-91 (Tỉnh Kiên Giang until 30/6/2025, Tỉnh An Giang since): its 2023 report, and the national 2023
    table, say Kiên Giang; the note tells today's name; in 2025 the two An Giang are told apart by dates."""
    import_datavalues(actor=None, data=b"unit,period,indicator,value\nVN-91,2023,dialogue,7\nVN-89,2023,dialogue,5\n"
                                       b"VN-91,2025,dialogue,3\nVN-89,2025,dialogue,2\n", file_name="names.csv")
    own = payload_of("VN-91", "2023", "historical")
    assert own["unit_name"] == "Tỉnh Kiên Giang" and own["document"]["place"] == "Kiên Giang"
    texts = docx_texts(own)
    assert "Kiên Giang, ngày\u00a0…\u00a0tháng\u00a0…\u00a0năm\u00a0…" in texts
    assert any("Tỉnh Kiên Giang nay là Tỉnh An Giang" in t for t in texts)
    assert any("toàn tỉnh" in t for t in own["narrative"])
    nation = payload_of("VN", "2023", "historical")
    names = {child["unit"]: child["name"] for child in nation["by_child"]}
    assert names["VN-91"] == "Tỉnh Kiên Giang" and names["VN-89"] == "Tỉnh An Giang"
    table = "\n".join(docx_texts(nation))
    assert "Tỉnh Kiên Giang" in table and "(mới, từ" not in table
    later = payload_of("VN", "2025", "historical")
    labels = "\n".join(docx_texts(later))
    assert "Tỉnh An Giang (cũ, đến 30/06/2025)" in labels and "Tỉnh An Giang (mới, từ 01/07/2025)" in labels
    # an ended unit says where it went
    assert "Tỉnh Hậu Giang nay thuộc Thành phố Cần Thơ" in "\n".join(docx_texts(payload_of("VN-93", "2023",
                                                                                           "historical")))


def test_records_write_petitions_on_time_and_the_commission_section(unit, figures):
    from danvan.activities.models import Activity, ActivityKind
    from danvan.activities.models import Document as PartyDocument
    from danvan.petitions.models import Case
    from danvan.petitions.services.facts import sync_case_facts

    hg = unit("VN-93")
    day = datetime.date

    def case(n, *, decided=None, status="decided"):
        # The figures come from the case's facts (the petitions' counting rule); the overdue state from the register.
        sync_case_facts(Case.objects.create(
            unit=hg, tracking_code=f"T{n:05d}", channel="walk_in", kind="khieu_nai_1", subject=f"Đơn {n}",
            field="dat_dai", received_on=day(2023, 2, 20), accepted_on=day(2023, 3, 1), decided_on=decided,
            resolve_due=day(2023, 6, 30), status=status))

    for n in range(4):
        case(n, decided=day(2023, 6, 1))  # on time
    case(10, decided=day(2023, 8, 1))  # late
    case(11, status="verifying")  # still open at the year's end, past its deadline
    case(12, decided=day(2024, 2, 1))  # decided only in 2024: overdue on 31/12/2023
    for number, doc_type in enumerate(["HD", "KH", "HD"], start=1):
        PartyDocument.objects.create(unit=hg, family="party", symbol=f"{number:02d}-{doc_type}/BDVTU", number=number,
                                     doc_type=doc_type, issuer_code="BDVTU", issuing_body="Ban Dân vận Tỉnh ủy",
                                     issued_on=day(2023, 4, number), title="Về công tác dân vận")
    PartyDocument.objects.create(unit=hg, family="party", symbol="05-NQ/TU", number=5, doc_type="NQ",
                                 issuer_code="TU", issuing_body="Tỉnh ủy Hậu Giang", issued_on=day(2023, 5, 5),
                                 title="Về công tác dân vận")
    inspection = ActivityKind.objects.get(code="kiem_tra_giam_sat")
    training = ActivityKind.objects.get(code="tap_huan")
    for month in (5, 9):
        Activity.objects.create(unit=hg, kind=inspection, title="Kiểm tra thực hiện Quy chế dân vận",
                                start_date=day(2023, month, 10), level=hg.level)
    Activity.objects.create(unit=hg, kind=training, title="Tập huấn nghiệp vụ", start_date=day(2023, 7, 3),
                            level=hg.level, attendees=180)
    text = "\n".join(payload_of("VN-93", "2023", "historical")["narrative"])
    assert ("Trong số đơn, vụ việc đã giải quyết trong năm 2023, có 4 đơn giải quyết đúng hạn (80,0%), 1 đơn giải "
            "quyết quá hạn.") in text
    assert "Đến ngày 31/12/2023, còn 2 đơn, vụ việc quá hạn giải quyết" in text
    assert "Cấp ủy đã ban hành 01 nghị quyết về công tác dân vận (CTDV)." in text
    assert "Ban Dân vận đã tham mưu cấp ủy ban hành 01 nghị quyết về CTDV; ban hành theo thẩm quyền 02 hướng dẫn, " \
           "01 kế hoạch." in text
    assert "Chủ trì, phối hợp tổ chức 02 cuộc kiểm tra, giám sát" in text
    assert "Tổ chức 01 lớp tập huấn nghiệp vụ CTDV với 180 lượt cán bộ tham dự." in text


def test_section_titles_and_commission_per_body(figures):
    """III carries the body that does the dân vận work at the report date."""
    titles = {f"{key} {period}": [b["text"] for b in payload_of(key, period, "historical")["blocks"]
                                  if b["kind"] == "heading"]
              for key, period in (("VN-92", "2023"), ("VN-92", "2026"), ("commune", "2026"), ("TW-DUK", "2022"))}
    assert "III. HOẠT ĐỘNG CỦA BAN DÂN VẬN" in titles["VN-92 2023"]
    assert "III. HOẠT ĐỘNG CỦA BAN TUYÊN GIÁO VÀ DÂN VẬN" in titles["VN-92 2026"]
    assert "III. HOẠT ĐỘNG CỦA BAN XÂY DỰNG ĐẢNG VỀ CÔNG TÁC DÂN VẬN" in titles["commune 2026"]
    assert not any("chính quyền" in t for t in titles["TW-DUK 2022"])


def test_charts_are_drawn_ahead_when_figures_change(figures, monkeypatch):
    """The Huey job draws the national report's charts into the shared cache, so the next DOCX download does not
    wait for matplotlib; it does nothing while the roll-up version stays the same."""
    from django.core.cache import cache

    from danvan.annual import charts, warm
    from danvan.annual.tables import chart_specs

    cache.clear()  # the test cache is a small LocMemCache that earlier tests fill (it culls)
    charts._PNG_CACHE.clear()
    specs = chart_specs(payload_of("VN", "2023", "historical"))
    assert len(specs) >= 3
    assert warm.warm_if_changed([2023]) >= len(specs)
    charts._PNG_CACHE.clear()
    assert all(cache.get(charts._cache_key(title, items, 16.0)) for title, _uom, items in specs)
    # a download now draws nothing
    monkeypatch.setattr(charts, "_draw", lambda *args: pytest.fail("drawn again"))
    assert render_docx(payload_of("VN", "2023", "historical"))
    assert warm.warm_if_changed([2023]) == 0  # figures unchanged: nothing drawn


def test_overdue_is_said_as_of_today_while_the_year_runs(unit):
    from danvan.petitions.models import Case

    can_tho = unit("VN-92")
    Case.objects.create(unit=can_tho, tracking_code="RUN0001", channel="walk_in", kind="kien_nghi", subject="Đơn",
                        field="dat_dai", received_on=datetime.date(2026, 3, 1), accepted_on=datetime.date(2026, 3, 2),
                        resolve_due=datetime.date(2026, 5, 1), status="verifying")
    payload = selectors.build_payload(unit=can_tho, year=2026, today=datetime.date(2026, 11, 25))
    text = "\n".join(payload["narrative"])
    assert "Đến ngày 25/11/2026, còn 1 đơn, vụ việc quá hạn giải quyết" in text and "31/12/2026" not in text


def test_a_web_worker_never_loads_matplotlib_to_draw_a_chart():
    """Missing charts are drawn in a short-lived child process, and python-docx is imported only by a worker that
    builds a document: a worker serving pages keeps its memory (issue 16)."""
    import subprocess
    import sys

    code = (
        "import django, sys; django.setup();"
        "from django.urls import get_resolver; get_resolver().url_patterns;"
        "assert 'docx' not in sys.modules, 'python-docx imported by a worker at start';"
        "from danvan.annual import charts;"
        "png = charts.bar_chart_png('Mô hình “Dân vận khéo”', [('Cần Thơ', 1234.0), ('Hà Nội', 5678.0)]);"
        "assert png.startswith(b'\\x89PNG'), png[:8];"
        "assert 'matplotlib' not in sys.modules and 'numpy' not in sys.modules, 'loaded in the worker'"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            env={**__import__("os").environ, "DJANGO_SETTINGS_MODULE": "config.settings_test"})
    assert result.returncode == 0, result.stderr[-2000:]
