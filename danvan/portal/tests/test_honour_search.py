"""The public honour roll (live from the registry) and the diacritic-insensitive search."""

import datetime

import pytest

from danvan.orgunits.models import OrgUnit


@pytest.fixture
def registry_demo(db):
    from danvan.core.demo import load_accounts
    from danvan.registry.demo import load_demo_data

    load_accounts()
    load_demo_data()


def test_honour_roll_by_province_shows_recognised_models_only(client, registry_demo):
    html = client.get("/vinh-danh/", {"tinh": "VN-92"}).content.decode()
    assert "Tổ tự quản an ninh trật tự khu vực 3" in html  # recognised (province level)
    assert "Nông dân liên kết sản xuất lúa chất lượng cao" not in html  # not recognised
    assert "Phụ nữ tiết kiệm giúp nhau thoát nghèo" not in html  # still under assessment
    elsewhere = client.get("/vinh-danh/", {"tinh": "VN-01"}).content.decode()
    assert "Tổ tự quản an ninh trật tự khu vực 3" not in elsewhere


def test_honour_roll_counts_a_former_unit_under_its_successor(client, registry_demo):
    from danvan.registry import services
    from danvan.registry.models import Field

    admin = __import__("danvan.accounts.models", fromlist=["User"]).User.objects.get(username="admin")
    old = OrgUnit.objects.filter(key__startswith="VN-93", valid_to__isnull=False, kind="commune").first()
    assert old is not None and old.current_path.startswith("VN/VN-92/")  # a Hậu Giang commune, now Cần Thơ
    model = services.create_model(actor=admin, unit=old, year=2024, register=True,
                                  registered_on=datetime.date(2024, 3, 1),
                                  data={"name": "Mô hình của xã cũ Hậu Giang", "subject": "tap_the",
                                        "kind": "mo_hinh", "field": Field.objects.get(code="kinh_te")})
    year = model.years.get(year=2024)
    services.start_assessment(actor=admin, dvk_year=year)
    services.recognise(actor=admin, dvk_year=model.years.get(year=2024), level="province",
                       decision_number="99-QĐ/TU", decision_date=datetime.date(2024, 11, 1))
    assert "Mô hình của xã cũ Hậu Giang" in client.get("/vinh-danh/", {"tinh": "VN-92"}).content.decode()
    assert "Mô hình của xã cũ Hậu Giang" in client.get("/vinh-danh/", {"nam": "2024"}).content.decode()


def test_public_model_page_shows_only_public_fields(client, registry_demo, make_article):
    from danvan.registry.models import DvkModel

    model = DvkModel.objects.get(external_ref="demo-dvk-03")  # an individual exemplar
    model.person_unit = "Hội Cựu chiến binh phường, số điện thoại 0912 345 678"
    model.save()
    make_article(title="Gương cựu chiến binh làm kinh tế giỏi được biểu dương")
    html = client.get(f"/vinh-danh/{model.pk}/").content.decode()
    assert "Gương cựu chiến binh làm kinh tế giỏi" in html and "Nguyễn Văn Bảy" in html
    assert "1250-QĐ/TU" in html  # the recognition decision is public
    for private in ("0912 345 678", "ninhkieu.canbo", "Tổ trưởng", "demo-dvk-03"):
        assert private not in html
    assert "được biểu dương" in html  # related news
    draft = DvkModel.objects.get(external_ref="demo-dvk-07")
    assert client.get(f"/vinh-danh/{draft.pk}/").status_code == 404


def test_search_ignores_diacritics_and_case_and_ranks_titles_first(client, registry_demo, make_article):
    body_hit = make_article(title="Hội nghị tổng kết năm", body="<p>Nhân rộng mô hình Dân vận khéo.</p>")
    title_hit = make_article(title="Tôn vinh điển hình DÂN VẬN KHÉO", days_ago=30)
    make_article(title="Tin không liên quan", body="<p>Giao thông nông thôn.</p>")
    response = client.get("/tim-kiem/", {"q": "dan van kheo"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index(title_hit.title) < html.index(body_hit.title)
    assert "Tin không liên quan" not in html
    assert "Dân vận khéo trong vận động hiến đất mở hẻm" not in html  # registered, not recognised
    assert "Tin bài (2)" in html
    models = client.get("/tim-kiem/", {"q": "TO TU QUAN an ninh"}).content.decode()
    assert "Tổ tự quản an ninh trật tự khu vực 3" in models


def test_search_is_paginated(client, make_section, make_article):
    section = make_section()
    for number in range(14):
        make_article(section, title=f"Dân vận khéo số {number}")
    first = client.get("/tim-kiem/", {"q": "dân vận"}).content.decode()
    second = client.get("/tim-kiem/", {"q": "dân vận", "trang": 2}).content.decode()
    assert "Trang 1/2" in first and "Trang 2/2" in second
    assert first.count('class="item"') == 12 and second.count('class="item"') == 2
