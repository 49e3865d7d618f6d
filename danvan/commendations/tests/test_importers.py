import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from danvan.commendations import importers, rules, selectors
from danvan.commendations.models import Commendation
from danvan.core.imports import ImportFailed
from danvan.core.models import AuditEvent
from danvan.reports.models import RecordFact

pytestmark = pytest.mark.django_db

HEADER = ["external_ref", "unit_key", "recipient_type", "recipient_name", "recipient_position", "form",
          "award_class", "decision_number", "decision_date", "period_start_year", "period_end_year", "reason"]


def as_csv(rows, header=HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def as_xlsx(rows, header=HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


GOOD = [
    ["kt-1", "VN-92", "tập thể", "Hội Nông dân thành phố", "", "bang_khen_tinh", "", "215/QĐ-UBND", "20/12/2025",
     "2025", "", "Thành tích xuất sắc"],
    ["kt-2", "VN-92", "ca_nhan", "Nguyễn Thị Hoa", "Bí thư chi bộ", "Giấy khen", "", "12/QĐ-UBND", "2025-12-10",
     "2025", "", ""],
    ["kt-3", "VN-92", "Cá nhân", "Trần Văn Minh", "Phó Trưởng ban", "huan_chuong_lao_dong", "Ba", "", "", "2021",
     "2025", "Đề nghị Huân chương"],
]


def test_import_xlsx_creates_decided_and_drafts_then_idempotent(make_user, unit):
    officer = make_user("VN-92", "officer")
    result = importers.import_commendations(actor=officer, data=as_xlsx(GOOD))
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    one = Commendation.objects.get(external_ref="kt-1")
    assert one.status == "decided" and one.recipient_type == "collective"
    assert Commendation.objects.get(external_ref="kt-2").form.code == "giay_khen"
    three = Commendation.objects.get(external_ref="kt-3")
    assert three.status == "draft" and three.award_class == "ba" and three.period_display == "2021 – 2025"
    assert selectors.count_commended(unit=unit("VN-92"), year=2025) == {"collective": 1, "individual": 1}
    assert RecordFact.objects.filter(source=rules.FACT_SOURCE).count() == 2
    assert AuditEvent.objects.filter(action="commendations.commendation.imported").count() == 3
    again = importers.import_commendations(actor=officer, data=as_xlsx(GOOD))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert Commendation.objects.count() == 3
    changed = [list(r) for r in GOOD]
    changed[0][11] = "Thành tích xuất sắc trong phong trào Dân vận khéo"
    third = importers.import_commendations(actor=officer, data=as_csv(changed))
    assert (third.created, third.updated, third.unchanged) == (0, 1, 2)
    assert Commendation.objects.get(external_ref="kt-1").reason.endswith("Dân vận khéo")
    assert RecordFact.objects.filter(source=rules.FACT_SOURCE).count() == 2


def test_import_all_or_nothing_with_every_error(make_user):
    officer = make_user("VN-92", "officer")
    bad = [
        GOOD[0],
        ["kt-b1", "VN-99-XYZ", "cá nhân", "A", "", "giay_khen", "", "", "", "2025", "", ""],   # unknown unit
        ["kt-b2", "VN-01", "cá nhân", "B", "", "giay_khen", "", "", "", "2025", "", ""],       # cannot write
        ["kt-b3", "VN-92", "cá nhân", "", "", "giay_khen", "", "", "", "2025", "", ""],        # no name
        ["kt-b4", "VN-92", "cá nhân", "C", "", "giay_khen", "", "5/QĐ", "", "2025", "", ""],   # no decision date
        ["kt-b5", "VN-92", "cá nhân", "D", "", "giay_khen", "", "", "01/01/2025", "2025", "", ""],  # no number
        ["kt-b6", "VN-92", "cá nhân", "E", "", "giay_khen", "", "6/QĐ", "01/01/2099", "2025", "", ""],  # future
        ["kt-b7", "VN-92", "cá nhân", "F", "", "giay_khen", "", "", "", "2025", "2020", ""],   # end before start
        ["kt-b8", "VN-92", "nhóm", "G", "", "khong_co", "", "", "", "2025", "", ""],           # type, form
    ]
    with pytest.raises(ImportFailed) as failure:
        importers.import_commendations(actor=officer, data=as_csv(bad))
    found = {(e.line, e.column) for e in failure.value.errors}
    assert {(3, "unit_key"), (4, "unit_key"), (5, "recipient_name"), (6, "decision_date"), (7, "decision_number"),
            (8, "decision_date"), (9, "period_end_year"), (10, "recipient_type"), (10, "form")} <= found
    messages = " ".join(str(e) for e in failure.value.errors)
    assert "VN-99-XYZ" in messages and "không có quyền" in messages and "Họ và tên" in messages
    assert "tương lai" in messages and "Đến năm" in messages
    assert Commendation.objects.count() == 0
    assert not RecordFact.objects.filter(source=rules.FACT_SOURCE).exists()


def test_import_header_problems():
    with pytest.raises(ImportFailed) as failure:
        importers.import_commendations(actor=None, data=as_csv([], header=["external_ref", "foo"]))
    columns = {e.column for e in failure.value.errors}
    assert {"unit_key", "foo"} <= columns


def test_import_duplicate_rows_need_confirmation(make_user):
    officer = make_user("VN-92", "officer")
    rows = [
        ["d-1", "VN-92", "cá nhân", "Lê Văn Tám", "", "giay_khen", "", "1/QĐ", "01/02/2025", "2024", "", ""],
        ["d-2", "VN-92", "cá nhân", "Le Van Tam", "", "giay_khen", "", "2/QĐ", "02/02/2025", "2024", "", ""],
    ]
    with pytest.raises(ImportFailed) as failure:
        importers.import_commendations(actor=officer, data=as_csv(rows))
    assert [(e.line, e.column) for e in failure.value.errors] == [(3, "confirm_duplicate")]
    assert Commendation.objects.count() == 0
    header = [*HEADER, "confirm_duplicate"]
    rows[1].append("x")
    rows[0].append("")
    result = importers.import_commendations(actor=officer, data=as_csv(rows, header=header))
    assert result.created == 2


def test_import_on_behalf_of_commune_is_logged(make_user, commune_cantho):
    officer = make_user("VN-92", "officer")
    rows = [["c-1", commune_cantho.key, "tập thể", "Chi hội Phụ nữ khu vực 2", "", "giay_khen", "", "3/QĐ",
             "05/12/2025", "2025", "", ""]]
    importers.import_commendations(actor=officer, data=as_csv(rows))
    obj = Commendation.objects.get(external_ref="c-1")
    assert AuditEvent.objects.get(target_id=str(obj.pk)).on_behalf is True
    commune_officer = make_user(commune_cantho.key, "officer")
    rows[0][3] = "Chi hội Phụ nữ khu vực 3"
    rows[0][1] = "VN-92"
    with pytest.raises(ImportFailed):  # the commune cannot write the province, nor rewrite the province's record
        importers.import_commendations(actor=commune_officer, data=as_csv(rows))
    assert Commendation.objects.get(external_ref="c-1").recipient_name == "Chi hội Phụ nữ khu vực 2"


def test_export_reimports_unchanged(make_user, client_for):
    officer = make_user("VN-92", "officer")
    importers.import_commendations(actor=officer, data=as_xlsx(GOOD))
    response = client_for(officer).get("/khen-thuong/xuat.xlsx")
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == importers.EXPORT_HEADER
    assert len(rows) == 4
    result = importers.import_commendations(actor=officer, data=data)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
