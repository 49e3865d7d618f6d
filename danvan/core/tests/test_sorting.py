"""Tables sort by their headers on the server; the order is in the URL and unknown names fall back."""

import datetime

import pytest

pytestmark = pytest.mark.django_db


def test_activity_list_sorts_by_header_and_flips(client, make_user):
    from danvan.activities.models import Activity, ActivityKind
    from danvan.orgunits.models import OrgUnit

    user = make_user("VN-92", "officer")
    client.force_login(user)
    unit, kind = OrgUnit.objects.get(key="VN-92"), ActivityKind.objects.first()
    for title, day in (("Bê tông hóa", 3), ("An sinh", 1), ("Cầu nông thôn", 2)):
        Activity.objects.create(unit=unit, kind=kind, title=title, start_date=datetime.date(2025, 5, day),
                                level=unit.level)
    page = client.get("/hoat-dong/", {"sap_xep": "ten"}).content.decode()
    assert page.index("An sinh") < page.index("Bê tông hóa") < page.index("Cầu nông thôn")
    assert 'aria-sort="ascending"' in page and "sap_xep=-ten" in page  # the header link flips the order
    page = client.get("/hoat-dong/", {"sap_xep": "-ten"}).content.decode()
    assert page.index("Cầu nông thôn") < page.index("Bê tông hóa") < page.index("An sinh")
    page = client.get("/hoat-dong/", {"sap_xep": "-ngay"}).content.decode()
    assert page.index("Bê tông hóa") < page.index("Cầu nông thôn") < page.index("An sinh")
    assert client.get("/hoat-dong/", {"sap_xep": "khong-co'"}).status_code == 200


LISTS = {
    "/mo-hinh/": ["ten", "don-vi", "nam", "linh-vuc", "doi-tuong", "trang-thai", "dang-ky"],
    "/khen-thuong/": ["doi_tuong", "hinh_thuc", "don_vi", "giai_doan", "quyet_dinh", "trang_thai"],
    "/van-dong/": ["ten", "loai", "don_vi", "ngay"],
    "LEDGER": ["ngay", "loai", "don_vi", "nguoi_ung_ho", "hinh_thuc", "so_tien", "ma"],
    "HOUSES": ["chu_ho", "don_vi", "doi_tuong", "kinh_phi", "trang_thai"],
    "/hoat-dong/van-ban/": ["so_ky_hieu", "ngay", "trich_yeu", "co_quan"],
    "/hoat-dong/cam-ket/": ["cam_ket", "doi_thoai", "don_vi", "han", "trang_thai"],
    "/nop-bao-cao/": ["don_vi", "bieu_mau", "ky", "trang_thai", "han", "nop"],
    "/nop-bao-cao/tinh-hinh/?unit=VN-92&form=tong-ket-nam&period=2025": ["don_vi", "tinh_trang", "trang_thai", "nop"],
}


def test_every_list_sorts_by_each_header_both_ways(client, make_user, unit):
    from danvan.campaigns import services as campaigns

    user = make_user("VN-92", "approver")
    client.force_login(user)
    campaign = campaigns.campaign_create(actor=user, unit=unit("VN-92"), name="Mái ấm",
                                         start_date=datetime.date(2025, 1, 1), participant_root=unit("VN-92"))
    for path, columns in LISTS.items():
        path = {"LEDGER": f"/van-dong/{campaign.pk}/so-quy/", "HOUSES": f"/van-dong/{campaign.pk}/nha/"}.get(path, path)
        joiner = "&" if "?" in path else "?"
        for column in columns:
            for wanted, aria in ((column, "ascending"), ("-" + column, "descending")):
                response = client.get(f"{path}{joiner}sap_xep={wanted}")
                assert response.status_code == 200, (path, wanted)
                html = response.content.decode()
                assert f'aria-sort="{aria}"' in html, (path, wanted)
                flipped = column if wanted.startswith("-") else "-" + column
                assert f"sap_xep={flipped}" in html.replace("%2D", "-"), (path, wanted)


def test_campaigns_and_commendations_sort_by_name(client, make_user, unit):
    from danvan.campaigns import services as campaigns
    from danvan.commendations import services as commendations
    from danvan.commendations.models import AwardForm

    user = make_user("VN-92", "officer")
    client.force_login(user)
    for name in ("Bến Ninh Kiều xanh", "An cư", "Cầu nông thôn"):
        campaigns.campaign_create(actor=user, unit=unit("VN-92"), name=name, start_date=datetime.date(2025, 1, 1))
        commendations.commendation_create(actor=user, unit=unit("VN-92"), recipient_type="individual",
                                          form=AwardForm.objects.get(code="bang_khen_tinh"), period_start_year=2025,
                                          recipient_name=f"Ông {name}")
    page = client.get("/van-dong/", {"sap_xep": "ten"}).content.decode()
    assert page.index("An cư") < page.index("Bến Ninh Kiều xanh") < page.index("Cầu nông thôn")
    page = client.get("/khen-thuong/", {"sap_xep": "-doi_tuong"}).content.decode()
    assert page.index("Ông Cầu nông thôn") < page.index("Ông Bến Ninh Kiều xanh") < page.index("Ông An cư")
