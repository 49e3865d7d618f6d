"""XLSX/CSV import: all-or-nothing, row/column errors, idempotent; exports (CSV streaming, XLSX)."""

import csv
import datetime
import io

import pytest
from openpyxl import Workbook, load_workbook

from danvan.activities import importers, services
from danvan.activities.models import Activity
from danvan.core.imports import ImportFailed
from danvan.core.models import AuditEvent
from danvan.reports.models import RecordFact

pytestmark = pytest.mark.django_db

HEADER = ["ma_tham_chieu", "ma_don_vi", "loai", "ten", "ngay_bat_dau", "muc_dich", "so_luot_nguoi",
          "so_nguoi_tham_gia", "van_ban", "co_quan_bao_chi"]


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def officer(make_user):
    return make_user("VN-92", "officer")


@pytest.fixture
def nq(officer, unit):
    return services.document_create(actor=officer, unit=unit("VN-92"), symbol="24-KH/BDVTU",
                                    issuing_body="Ban Dân vận Thành ủy", issued_on=datetime.date(2024, 1, 5),
                                    title="Kế hoạch")


GOOD = [
    ["CT-1", "VN-92", "hoi_nghi", "Hội nghị quán triệt kế hoạch", "15/03/2024", "quan_triet", "1.250", "1000",
     "24-KH/BDVTU", ""],
    ["CT-2", "VN-92", "Hội nghị tiếp xúc, đối thoại giữa lãnh đạo và Nhân dân", "Đối thoại với nông dân",
     "2024-04-20", "", "300", "", "", ""],
    ["CT-3", "VN-92", "tin_bai", "Phóng sự Dân vận khéo", "01/05/2024", "", "", "", "", "Báo Cần Thơ"],
]


def test_import_creates_then_is_idempotent_then_updates(officer, nq):
    result = importers.import_activities(_xlsx(GOOD), actor=officer)
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    conference = Activity.objects.get(external_ref="CT-1")
    assert conference.attendees == 1250 and list(conference.documents.all()) == [nq]
    assert Activity.objects.get(external_ref="CT-2").kind.code == "doi_thoai"
    facts = RecordFact.objects.filter(source="activities.activity").count()
    audits = AuditEvent.objects.count()
    again = importers.import_activities(_xlsx(GOOD), actor=officer)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert Activity.objects.count() == 3 and RecordFact.objects.filter(source="activities.activity").count() == facts
    assert AuditEvent.objects.count() == audits
    changed = [list(r) for r in GOOD]
    changed[0][6] = "1300"
    third = importers.import_activities(_xlsx(changed), actor=officer)
    assert (third.created, third.updated, third.unchanged) == (0, 1, 2)
    assert Activity.objects.get(external_ref="CT-1").attendees == 1300


def test_import_all_or_nothing_with_line_and_column_errors(officer, nq):
    future = (datetime.date.today() + datetime.timedelta(days=30)).strftime("%d/%m/%Y")
    rows = [
        GOOD[0],
        ["CT-4", "VN-XX", "hoi_nghi", "Đơn vị lạ", "15/03/2024", "quan_triet", "10", "", "", ""],
        ["CT-5", "VN-92", "bay_luon", "Loại lạ", "15/03/2024", "", "", "", "", ""],
        ["CT-6", "VN-92", "hoi_nghi", "Ngày tương lai", future, "quan_triet", "10", "", "", ""],
        ["CT-7", "VN-92", "hoi_nghi", "Âm", "15/03/2024", "quan_triet", "-3", "", "", ""],
        ["CT-8", "VN-92", "hoi_nghi", "Văn bản lạ", "15/03/2024", "quan_triet", "10", "", "99-NQ/TW", ""],
        ["CT-9", "VN-01", "hoi_nghi", "Tỉnh khác", "15/03/2024", "quan_triet", "10", "", "", ""],
        ["CT-1", "VN-92", "hoi_nghi", "Trùng mã", "15/03/2024", "quan_triet", "10", "", "", ""],
        ["CT-10", "VN-92", "hoi_nghi", "Quá mức", "15/03/2024", "quan_triet", "900000", "", "", ""],
    ]
    with pytest.raises(ImportFailed) as info:
        importers.import_activities(_xlsx(rows), actor=officer)
    found = {(e.line, e.column) for e in info.value.errors}
    assert {(3, "ma_don_vi"), (4, "loai"), (5, "ngay_bat_dau"), (6, "so_luot_nguoi"), (7, "van_ban"),
            (8, "ma_don_vi"), (9, "ma_tham_chieu"), (10, "so_luot_nguoi")} <= found
    assert (2, "ma_don_vi") not in found
    text = " ".join(str(e) for e in info.value.errors)
    assert "Dòng 3" in text and "VN-XX" in text and "quyền" in text
    assert not Activity.objects.exists() and not RecordFact.objects.exists()


def test_import_missing_column(officer):
    data = b"ma_tham_chieu,ma_don_vi,loai\nA,VN-92,hoi_nghi\n"
    with pytest.raises(ImportFailed) as info:
        importers.import_activities(data, actor=officer)
    assert {e.column for e in info.value.errors} >= {"ten", "ngay_bat_dau"}


def test_import_on_behalf_of_a_commune(officer, commune_cantho):
    row = ["X-1", commune_cantho.key, "toa_dam", "Tọa đàm", "01/09/2025", "", "", "", "", ""]
    with pytest.raises(ImportFailed):
        importers.import_activities(_xlsx([row]), actor=officer)
    result = importers.import_activities(_xlsx([row]), actor=officer, on_behalf=True)
    assert result.created == 1
    assert AuditEvent.objects.get(action="activities.activity.created").on_behalf


def test_exports_round_trip(officer, nq, client_for):
    importers.import_activities(_xlsx(GOOD), actor=officer)
    client = client_for(officer)
    response = client.get("/hoat-dong/xuat/?don_vi=VN-92")
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == importers.COLUMNS and len(rows) == 4
    assert {r[0] for r in rows[1:]} == {"CT-1", "CT-2", "CT-3"}
    # the export imports back without any change
    again = importers.import_activities(body.encode("utf-8"), actor=officer)
    assert again.unchanged == 3 and again.created == 0
    response = client.get("/hoat-dong/xuat/?dinh_dang=xlsx&loai=tin_bai")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    values = list(workbook.active.values)
    assert len(values) == 2 and values[1][3] == "Phóng sự Dân vận khéo"


def test_export_of_hand_entered_records_reimports_without_duplicates(officer, make_activity, unit, client_for):
    make_activity(officer, unit("VN-92"), "giao_ban", title="Giao ban tháng")
    body = b"".join(client_for(officer).get("/hoat-dong/xuat/").streaming_content)
    first = importers.import_activities(body, actor=officer)
    assert first.created == 0 and first.updated == 1
    second = importers.import_activities(body, actor=officer)
    assert second.unchanged == 1 and Activity.objects.count() == 1
