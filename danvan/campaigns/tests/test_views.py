"""The UI end to end: the 150-house fundraising campaign of Đảng ủy Khối, scoping of every view, exports, photos."""

import datetime
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danvan.campaigns import selectors, services
from danvan.campaigns.models import Campaign, House, LedgerEntry
from danvan.core.models import AuditEvent
from danvan.orgunits.models import OrgUnit

from .conftest import xlsx_bytes

D = datetime.date
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_150_house_campaign_end_to_end_through_the_ui(unit, make_user, client_for):
    duk = make_user("TW-DUK", "officer")
    client = client_for(duk)
    response = client.post(reverse("campaigns:create"), {
        "kind": "cuoc_van_dong", "unit": "TW-DUK",
        "name": "Vận động xây dựng 150 nhà tình nghĩa kỷ niệm 15 năm thành lập Đảng bộ Khối",
        "participant_units": "TW-DUK, VN-02, VN-42, VN-94", "start_date": "2022-01-01", "end_date": "2022-12-31"})
    campaign = Campaign.objects.get(unit__key="TW-DUK")
    assert response.status_code == 302 and response["Location"] == campaign.get_absolute_url()
    for metric, value in [("houses", "150"), ("money", "7.500.000.000")]:
        response = client.post(reverse("campaigns:target_add", args=[campaign.pk]), {"metric": metric, "value": value})
        assert response.status_code == 302
    # Receipts: 11 × 1,5 tỷ + 1,1 tỷ = 17,6 tỷ đồng, imported from XLSX.
    header = ["ma_tham_chieu", "ngay", "don_vi", "so_tien", "nguoi_ung_ho_la", "nguoi_ung_ho", "hinh_thuc",
              "mo_ta_hien_vat"]
    rows = [[f"PT-{i:02d}", f"{i + 1:02d}/03/2022", "TW-DUK", "1500000000", "tổ chức", f"Doanh nghiệp {i}", "tiền",
             ""] for i in range(11)]
    rows.append(["PT-11", "15/03/2022", "TW-DUK", "1.100.000.000", "ẩn danh", "", "hiện vật", "Vật liệu xây dựng"])
    upload = SimpleUploadedFile("thu.xlsx", xlsx_bytes(header, rows))
    response = client.post(reverse("campaigns:import_ledger", args=[campaign.pk]), {"file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert selectors.money_totals(campaign)["received"] == Decimal(17_600_000_000)
    # A wrong entry typed by hand, then corrected by a reversal: the total is unchanged.
    response = client.post(reverse("campaigns:entry_create", args=[campaign.pk]), {
        "kind": "receipt", "unit": "TW-DUK", "day": "2022-04-01", "amount": "5.000.000", "form": "cash",
        "donor_kind": "person", "donor_name": "Ông D"})
    entry = LedgerEntry.objects.get(donor_name="Ông D")
    assert response.status_code == 302
    response = client.post(reverse("campaigns:entry_detail", args=[campaign.pk, entry.pk]),
                           {"reason": "Nhập nhầm, khoản này thuộc cuộc vận động khác", "day": "2022-04-02"})
    assert response.status_code == 302
    assert selectors.money_totals(campaign)["received"] == Decimal(17_600_000_000)
    # Houses: 50 in each of three provinces, all handed over, imported by the central commission on behalf.
    central = make_user("VN", "officer")
    house_rows = []
    for province in ("VN-02", "VN-42", "VN-94"):
        communes = OrgUnit.objects.filter(path__startswith=unit(province).path, kind="commune").valid_on(
            D(2022, 6, 1)).order_by("path")[:50]
        for commune in communes:
            house_rows.append([f"NTN-{len(house_rows):03d}", commune.key, f"Gia đình ông {len(house_rows)}",
                               "gia đình chính sách", "50000000", "đã bàn giao", "01/04/2022", "30/06/2022",
                               "15/07/2022"])
    upload = SimpleUploadedFile("nha.xlsx", xlsx_bytes(
        ["ma_tham_chieu", "don_vi", "chu_ho", "doi_tuong", "kinh_phi", "trang_thai", "ngay_khoi_cong",
         "ngay_hoan_thanh", "ngay_ban_giao"], house_rows))
    response = client_for(central).post(reverse("campaigns:import_houses", args=[campaign.pk]),
                                        {"file": upload, "on_behalf": "on"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert House.objects.filter(campaign=campaign, status="handed_over").count() == 150
    html = client_for(duk).get(campaign.get_absolute_url()).content.decode()
    assert "17,6 tỷ đồng" in html
    assert "vượt kế hoạch 10,1 tỷ đồng" in html
    assert "đạt đúng kế hoạch" in html  # 150 of 150 houses
    assert "17.600.000.000 đồng" in html
    # The subtree page of one province: its 50 houses.
    html = client_for(central).get(campaign.get_absolute_url() + "?don_vi=VN-42").content.decode()
    assert "Hà Tĩnh" in html
    assert selectors.progress(campaign, within=unit("VN-42"))["houses_done"] == 50
    assert AuditEvent.objects.filter(action="campaigns.house.created", on_behalf=True).count() == 150


def test_views_scope_and_permissions(cantho_campaign, commune_cantho, unit, make_user, client_for, client):
    house = services.house_create(actor=cantho_campaign.organiser, campaign=cantho_campaign, unit=commune_cantho,
                                  beneficiary_name="Hộ Năm", unit_cost="40000000", on_behalf=True)
    entry = services.ledger_record(actor=cantho_campaign.organiser, campaign=cantho_campaign, unit=unit("VN-92"),
                                   kind="receipt", amount="1000000", day=D(2025, 8, 1), donor_name="A")
    photo = services.photo_add(actor=cantho_campaign.organiser, house=house,
                               upload=SimpleUploadedFile("a.png", PNG), on_behalf=True)
    urls = [cantho_campaign.get_absolute_url(), reverse("campaigns:ledger", args=[cantho_campaign.pk]),
            reverse("campaigns:houses", args=[cantho_campaign.pk]), house.get_absolute_url(),
            entry.get_absolute_url(), photo.get_absolute_url(),
            reverse("campaigns:export_ledger", args=[cantho_campaign.pk, "csv"]),
            reverse("campaigns:export_houses", args=[cantho_campaign.pk, "xlsx"]),
            reverse("campaigns:export_progress", args=[cantho_campaign.pk, "csv"])]
    # Not logged in: redirected to the login page.
    assert all(client.get(url).status_code == 302 for url in urls)
    # Another province: everything looks like it does not exist.
    hanoi = client_for(make_user("VN-01", "officer"))
    for url in urls:
        assert hanoi.get(url).status_code == 404, url
    assert hanoi.post(reverse("campaigns:entry_create", args=[cantho_campaign.pk]), {}).status_code == 404
    assert hanoi.post(reverse("campaigns:house_advance", args=[house.pk, "khoi-cong"]),
                      {"day": "2025-08-01"}).status_code == 404
    # A viewer of Cần Thơ reads everything but cannot write.
    viewer = client_for(make_user("VN-92", "viewer"))
    for url in urls:
        assert viewer.get(url).status_code == 200, url
    response = viewer.post(reverse("campaigns:entry_create", args=[cantho_campaign.pk]), {
        "kind": "receipt", "unit": "VN-92", "day": "2025-08-01", "amount": "1000", "form": "cash",
        "donor_kind": "anonymous"})
    assert response.status_code == 403
    response = viewer.post(reverse("campaigns:house_advance", args=[house.pk, "khoi-cong"]), {"day": "2025-08-01"})
    assert response.status_code == 403
    assert LedgerEntry.objects.count() == 1 and House.objects.get(pk=house.pk).status == "planned"
    # The commune officer writes for the commune without on-behalf.
    commune = client_for(make_user(commune_cantho.key, "officer"))
    response = commune.post(reverse("campaigns:house_advance", args=[house.pk, "khoi-cong"]),
                            {"day": "2025-08-01", "version": house.version})
    assert response.status_code == 302
    assert House.objects.get(pk=house.pk).status == "started"


def test_form_errors_name_the_field_and_change_nothing(cantho_campaign, client_for):
    client = client_for(cantho_campaign.organiser)
    response = client.post(reverse("campaigns:entry_create", args=[cantho_campaign.pk]), {
        "kind": "receipt", "unit": "VN-92", "day": "2025-08-01", "amount": "1000,5", "form": "cash",
        "donor_kind": "organisation", "donor_name": "Công ty"})
    assert response.status_code == 200
    assert "“Số tiền” tính bằng đồng, không có phần thập phân" in response.content.decode()
    response = client.post(reverse("campaigns:entry_create", args=[cantho_campaign.pk]), {
        "kind": "receipt", "unit": "VN-01", "day": "2025-08-01", "amount": "1000", "form": "cash",
        "donor_kind": "organisation", "donor_name": "Công ty"})
    assert response.status_code in (200, 403)
    assert LedgerEntry.objects.count() == 0


def test_stale_edit_refused_in_the_ui(cantho_campaign, commune_cantho, client_for):
    house = services.house_create(actor=cantho_campaign.organiser, campaign=cantho_campaign, unit=commune_cantho,
                                  beneficiary_name="Hộ Sáu", unit_cost="40000000", on_behalf=True)
    client = client_for(cantho_campaign.organiser)
    form = {"beneficiary_name": "Hộ Sáu", "beneficiary_category": "ho_ngheo", "kind": "tinh_nghia",
            "unit_cost": "45000000", "version": house.version, "on_behalf": "on"}
    assert client.post(reverse("campaigns:house_edit", args=[house.pk]), form).status_code == 302
    response = client.post(reverse("campaigns:house_edit", args=[house.pk]), form | {"unit_cost": "1"})
    assert response.status_code == 200 and "vừa được người khác sửa" in response.content.decode()
    assert House.objects.get(pk=house.pk).unit_cost == Decimal(45_000_000)


def test_exports_and_photo_download(cantho_campaign, commune_cantho, unit, client_for):
    actor = cantho_campaign.organiser
    services.ledger_record(actor=actor, campaign=cantho_campaign, unit=unit("VN-92"), kind="receipt",
                           amount="2500000", day=D(2025, 8, 1), donor_name="Công ty E", external_ref="BL-9")
    house = services.house_create(actor=actor, campaign=cantho_campaign, unit=commune_cantho,
                                  beneficiary_name="Hộ Bảy", unit_cost="40000000", on_behalf=True, external_ref="N-7")
    client = client_for(actor)
    response = client.get(reverse("campaigns:export_ledger", args=[cantho_campaign.pk, "csv"]))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert body.splitlines()[0].startswith("ma_tham_chieu,ngay,don_vi,so_tien")
    assert "BL-9,2025-08-01,VN-92,2500000" in body
    response = client.get(reverse("campaigns:export_houses", args=[cantho_campaign.pk, "xlsx"]))
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[1][:4] == ("N-7", commune_cantho.key, "Hộ Bảy", 40000000)
    photo = services.photo_add(actor=actor, house=house, upload=SimpleUploadedFile("x.png", PNG), on_behalf=True)
    response = client.get(photo.get_absolute_url())
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PNG
    response = client.post(reverse("campaigns:photo_upload", args=[house.pk]),
                           {"file": SimpleUploadedFile("x.html", b"<html>"), "on_behalf": "on"})
    assert response.status_code == 302 and house.photos.count() == 1


def test_list_search_without_diacritics(cantho_campaign, client_for):
    client = client_for(cantho_campaign.organiser)
    html = client.get(reverse("campaigns:list") + "?q=mai+am+nghia+tinh").content.decode()
    assert "Mái ấm nghĩa tình Cần Thơ" in html
    html = client.get(reverse("campaigns:list") + "?q=khong+co").content.decode()
    assert "Mái ấm nghĩa tình Cần Thơ" not in html


def test_campaign_edit_targets_links_and_home_panel(cantho_campaign, unit, make_user, client_for):
    client = client_for(cantho_campaign.organiser)
    version = cantho_campaign.version
    form = {"kind": "phong_trao", "name": "Mái ấm nghĩa tình (sửa)", "unit": "VN-92", "participant_root": "VN-92",
            "start_date": "2025-07-01", "end_date": "2025-06-01", "version": version}
    response = client.post(reverse("campaigns:edit", args=[cantho_campaign.pk]), form)
    assert response.status_code == 200
    assert "“Ngày kết thúc” không được trước “ngày bắt đầu”" in response.content.decode()
    response = client.post(reverse("campaigns:edit", args=[cantho_campaign.pk]), form | {"end_date": "2026-12-31"})
    assert response.status_code == 302
    cantho_campaign.refresh_from_db()
    assert cantho_campaign.name == "Mái ấm nghĩa tình (sửa)" and cantho_campaign.version == version + 1
    event = AuditEvent.objects.get(action="campaigns.campaign.updated", target_id=str(cantho_campaign.pk))
    assert event.changes["kind"] == ["cuoc_van_dong", "phong_trao"] and event.actor == cantho_campaign.organiser
    response = client.post(reverse("campaigns:edit", args=[cantho_campaign.pk]), form | {"end_date": "2026-12-30"})
    assert "vừa được người khác sửa" in response.content.decode()
    response = client.post(reverse("campaigns:target_add", args=[cantho_campaign.pk]),
                           {"metric": "custom", "value": "10"})
    assert response.status_code == 200 and "Mã chỉ tiêu" in response.content.decode()
    # The linked activity is picked by a few words of its title (no record id is typed).
    from danvan.activities import services as activity_services
    from danvan.activities.models import ActivityKind
    from danvan.campaigns.models import CampaignLink

    launch = activity_services.activity_create(
        actor=cantho_campaign.organiser, unit=unit("VN-92"), kind=ActivityKind.objects.get(code="hoi_nghi"),
        title="Lễ phát động Mái ấm nghĩa tình", purpose="trien_khai", start_date=datetime.date(2025, 7, 2),
        attendees=300, participants=300)
    response = client.post(reverse("campaigns:link_add", args=[cantho_campaign.pk]),
                           {"record": "le phat dong mai am", "title": "Lễ phát động"})
    assert response.status_code == 302
    link = CampaignLink.objects.get(campaign=cantho_campaign)
    assert (link.target_type, link.target_id) == ("activities.activity", launch.pk)
    assert "Lễ phát động" in client.get(cantho_campaign.get_absolute_url()).content.decode()
    # Someone who may only read cannot edit.
    viewer = client_for(make_user("VN-92", "viewer"))
    assert viewer.get(reverse("campaigns:edit", args=[cantho_campaign.pk])).status_code == 403
    assert viewer.post(reverse("campaigns:link_add", args=[cantho_campaign.pk]),
                       {"record": f"hoạt động #{launch.pk}", "title": "X"}).status_code == 403
    html = client.get(reverse("home")).content.decode()
    assert "Cuộc vận động, phong trào đang diễn ra" in html and "Mái ấm nghĩa tình (sửa)" in html
