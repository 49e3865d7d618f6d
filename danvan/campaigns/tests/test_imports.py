"""XLSX imports: all-or-nothing with line/column errors, idempotent; the Điện Biên-style 5.000-house campaign."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Sum

from danvan.campaigns import importers, selectors, services
from danvan.campaigns.models import House, LedgerEntry
from danvan.core.imports import ImportFailed
from danvan.core.models import AuditEvent
from danvan.orgunits.models import OrgUnit
from danvan.reports.models import RecordFact

from .conftest import xlsx_bytes

D = datetime.date
LEDGER_HEADER = ["ma_tham_chieu", "ngay", "don_vi", "so_tien", "loai", "hinh_thuc", "nguoi_ung_ho_la", "nguoi_ung_ho",
                 "mo_ta_hien_vat"]


def test_ledger_import_all_or_nothing_then_idempotent(cantho_campaign, commune_cantho):
    actor = cantho_campaign.organiser
    rows = [
        ["BL-1", "01/08/2025", "VN-92", "50.000.000", "thực nhận", "tiền", "tổ chức", "Công ty B", ""],
        ["BL-2", "02/08/2025", commune_cantho.key, "1,5", "", "", "", "", ""],
        ["BL-3", "03/08/2025", "VN-01", "-3000", "", "", "", "", ""],
        ["BL-4", "03/08/2025", "VN-XX", "3000", "", "", "", "", ""],
        ["BL-1", "03/08/2025", "VN-92", "3000", "cam kết", "hiện vật", "", "", ""],
    ]
    with pytest.raises(ImportFailed) as caught:
        importers.import_ledger(xlsx_bytes(LEDGER_HEADER, rows), actor=actor, campaign=cantho_campaign)
    text = [str(e) for e in caught.value.errors]
    assert any(e.line == 3 and e.column == "so_tien" for e in caught.value.errors), text
    assert any(e.line == 4 and e.column == "so_tien" for e in caught.value.errors), text
    assert any(e.line == 5 and e.column == "don_vi" for e in caught.value.errors), text
    assert any(e.line == 6 and e.column == "ma_tham_chieu" for e in caught.value.errors), text
    assert LedgerEntry.objects.count() == 0 and not RecordFact.objects.filter(source="campaigns.ledger").exists()

    good = [["BL-1", "01/08/2025", "VN-92", "50.000.000", "thực nhận", "tiền", "tổ chức", "Công ty B", ""],
            ["BL-2", "2025-08-02", commune_cantho.key, "20000000", "cam kết", "", "cá nhân", "Ông C", ""],
            ["BL-3", "03/08/2025", "VN-92", "3000000", "", "hiện vật", "ẩn danh", "", "Gạo"]]
    data = xlsx_bytes(LEDGER_HEADER, good)
    with pytest.raises(ImportFailed) as caught:  # commune row needs on-behalf entry
        importers.import_ledger(data, actor=actor, campaign=cantho_campaign)
    assert "nhập thay" in str(caught.value.errors[0])
    result = importers.import_ledger(data, actor=actor, campaign=cantho_campaign, on_behalf=True)
    assert (result.created, result.unchanged) == (3, 0)
    totals = selectors.money_totals(cantho_campaign)
    assert totals["received"] == Decimal(53_000_000) and totals["pledged"] == Decimal(20_000_000)
    assert AuditEvent.objects.filter(action="campaigns.ledger.recorded").count() == 3
    again = importers.import_ledger(data, actor=actor, campaign=cantho_campaign, on_behalf=True)
    assert (again.created, again.unchanged) == (0, 3)
    assert LedgerEntry.objects.count() == 3
    assert RecordFact.objects.filter(source="campaigns.ledger").aggregate(s=Sum("value"))["s"] == Decimal(73_000_000)
    changed = [["BL-1", "01/08/2025", "VN-92", "60.000.000", "thực nhận", "tiền", "tổ chức", "Công ty B", ""]]
    with pytest.raises(ImportFailed) as caught:
        importers.import_ledger(xlsx_bytes(LEDGER_HEADER, changed), actor=actor, campaign=cantho_campaign)
    assert "đảo bút toán" in str(caught.value.errors[0])


def test_missing_columns_reported(cantho_campaign):
    with pytest.raises(ImportFailed) as caught:
        importers.import_ledger(xlsx_bytes(["ngay", "so_tien"], [["01/08/2025", "1"]]),
                                actor=cantho_campaign.organiser, campaign=cantho_campaign)
    assert {e.column for e in caught.value.errors} >= {"ma_tham_chieu", "don_vi"}


HOUSE_HEADER = ["ma_tham_chieu", "don_vi", "chu_ho", "dia_chi", "doi_tuong", "kinh_phi", "trang_thai",
                "ngay_khoi_cong", "ngay_hoan_thanh", "ngay_ban_giao"]


def test_house_import_errors_duplicates_and_status_forward_only(cantho_campaign, commune_cantho):
    actor = cantho_campaign.organiser
    key = commune_cantho.key
    bad = [
        ["N1", key, "Hộ A", "Ấp 1", "hộ nghèo", "50000000", "đã bàn giao", "10/09/2025", "01/09/2025", "02/08/2025"],
        ["N2", key, "Hộ B", "Ấp 1", "hộ nghèo", "50000000", "chưa khởi công", "", "", ""],
        ["N3", key, "Hộ B", "Ấp 1", "hộ nghèo", "50000000", "", "", "", ""],
        ["N4", "VN-92", "Hộ D", "", "", "50000000", "", "", "", ""],
    ]
    with pytest.raises(ImportFailed) as caught:
        importers.import_houses(xlsx_bytes(HOUSE_HEADER, bad), actor=actor, campaign=cantho_campaign, on_behalf=True)
    cells = {(e.line, e.column) for e in caught.value.errors}
    assert (2, "ngay_ban_giao") in cells and (2, "ngay_hoan_thanh") in cells
    assert (4, "chu_ho") in cells  # the same household twice in one file
    assert (5, "don_vi") in cells  # a province is not a commune
    assert House.objects.count() == 0
    good = [["N1", key, "Hộ A", "Ấp 1", "hộ nghèo", "50000000", "đang xây dựng", "01/08/2025", "", ""],
            ["N2", key, "Hộ B", "Ấp 1", "gia đình chính sách", "45.000.000", "", "", "", ""]]
    result = importers.import_houses(xlsx_bytes(HOUSE_HEADER, good), actor=actor, campaign=cantho_campaign,
                                     on_behalf=True)
    assert result.created == 2
    assert importers.import_houses(xlsx_bytes(HOUSE_HEADER, good), actor=actor, campaign=cantho_campaign,
                                   on_behalf=True).unchanged == 2
    moved = [["N1", key, "Hộ A", "Ấp 1", "hộ nghèo", "50000000", "hoàn thành", "01/08/2025", "05/09/2025", ""]]
    result = importers.import_houses(xlsx_bytes(HOUSE_HEADER, moved), actor=actor, campaign=cantho_campaign,
                                     on_behalf=True)
    assert result.updated == 1
    assert RecordFact.objects.filter(source="campaigns.house", day=D(2025, 9, 5)).count() == 1
    back = [["N1", key, "Hộ A", "Ấp 1", "hộ nghèo", "50000000", "chưa khởi công", "", "", ""]]
    with pytest.raises(ImportFailed) as caught:
        importers.import_houses(xlsx_bytes(HOUSE_HEADER, back), actor=actor, campaign=cantho_campaign, on_behalf=True)
    assert caught.value.errors[0].column == "trang_thai"
    assert House.objects.get(external_ref="N1").status == "completed"


def test_dien_bien_5000_houses_via_xlsx(unit, make_user, client_for):
    """Đề án hỗ trợ làm nhà cho 5.000 hộ nghèo tỉnh Điện Biên: 4.830 completed and handed over, 170 remaining."""
    province = unit("VN-11")
    officer = make_user("VN-11", "officer")
    campaign = services.campaign_create(
        actor=officer, unit=province, name="Hỗ trợ làm nhà đại đoàn kết cho hộ nghèo tỉnh Điện Biên",
        start_date=D(2023, 1, 1), end_date=D(2024, 12, 31), participant_root=province)
    services.target_set(actor=officer, campaign=campaign, metric="houses", value=5000)
    communes = list(OrgUnit.objects.filter(path__startswith=province.path, kind="commune")
                    .valid_on(D(2024, 1, 1)).order_by("path"))
    assert len(communes) > 100
    rows = []
    for i in range(5000):
        commune = communes[i % len(communes)]
        if i < 4830:
            status, dates = "đã bàn giao", ["01/03/2024", "15/06/2024", "20/06/2024"]
        else:
            status, dates = "đang xây dựng", ["01/10/2024", "", ""]
        rows.append([f"DB-{i:05d}", commune.key, f"Hộ nghèo số {i}", f"Bản {i % 17}", "hộ nghèo", "40000000",
                     status, *dates])
    data = xlsx_bytes(HOUSE_HEADER, rows)
    result = importers.import_houses(data, actor=officer, campaign=campaign, on_behalf=True)
    assert result.created == 5000
    progress = selectors.progress(campaign)
    by_status = {code: n for code, _label, n in progress["houses_by_status"]}
    assert by_status == {"planned": 0, "started": 170, "completed": 0, "handed_over": 4830}
    assert (progress["houses_done"], progress["houses_remaining"]) == (4830, 170)
    houses_metric = progress["metrics"][0]
    assert (houses_metric.target, houses_metric.achieved) == (Decimal(5000), Decimal(4830))
    assert houses_metric.gap_text == "còn 170 căn so với kế hoạch"
    assert sum(r.houses_done for r in progress["ranking"]) == 4830
    assert RecordFact.objects.filter(source="campaigns.house", indicator="campaign.houses.completed").count() == 4830
    # As of the end of June 2024 all 4.830 were handed over and the other 170 not yet started.
    as_of = selectors.houses_by_status(campaign, as_of=D(2024, 6, 30))
    assert as_of == {"planned": 170, "started": 0, "completed": 0, "handed_over": 4830}
    # Re-importing the same file changes nothing.
    again = importers.import_houses(data, actor=officer, campaign=campaign, on_behalf=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5000)
    # The progress page shows the same totals.
    response = client_for(officer).get(campaign.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "4.830" in html and "còn 170 căn so với kế hoạch" in html and "5.000" in html
