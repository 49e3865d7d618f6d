"""The dashboard pages, their tables, downloads, API and map."""

import csv
import io

import pytest
from django.core.cache import cache
from django.urls import reverse

from danvan.reports.services import datavalue_set

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def seeded(unit):
    """National figures of 2023 entered as aggregates for two provinces (historical 63-province year)."""
    datavalue_set(actor=None, unit=unit("VN-92"), period="2023", indicator="dvk.registered", value=183676)
    datavalue_set(actor=None, unit=unit("VN-93"), period="2023", indicator="dvk.registered", value=1200)
    datavalue_set(actor=None, unit=unit("VN-93"), period="2022", indicator="dvk.registered", value=900)
    datavalue_set(actor=None, unit=unit("VN-93"), period="2023", indicator="dialogue", value=143)


def _chart(client, key, chart_id, query):
    response = client.get(f"/api/v1/dashboards/{key}/{chart_id}/?{query}")
    assert response.status_code == 200, response.content
    return response.json()


def test_national_dashboard_ranks_provinces_and_drills_down(seeded, make_user, client_for):
    client = client_for(make_user("VN", "viewer"))
    page = client.get("/bang-dieu-khien/VN/?ky=2023&dia_gioi=lich-su&chi_tieu=dvk.registered")
    assert page.status_code == 200
    html = page.content.decode()
    # Title states unit, period, boundaries; the table writes 183.676 and links to the child's dashboard.
    assert "Việt Nam, năm 2023, ranh giới lịch sử" in html
    assert '<a href="/bang-dieu-khien/VN-92/?ky=2023&amp;dia_gioi=lich-su&amp;chi_tieu=dvk.registered">' in html
    assert "183.676" in html
    ranking = _chart(client, "VN", "xep-hang", "ky=2023&dia_gioi=lich-su")
    assert ranking["rows"][0][1] == 183676 and ranking["rows"][1][1] == 1200
    # Missing is not zero: Hà Nội entered nothing for 2023, so it has no figure (and comes last), and the
    # title states the engine's coverage.
    assert dict(ranking["rows"])["Thành phố Hà Nội"] is None and ranking["rows"][-1][1] is None
    assert "số liệu của 2/" in ranking["context"] and "số liệu của 2/" in html
    assert sum(1 for name, _v in ranking["rows"] if name.startswith(("Tỉnh", "Thành phố"))) == 63
    province = client.get(ranking["links"][0])
    assert province.status_code == 200 and "Bảng điều khiển: Thành phố Cần Thơ" in province.content.decode()


def test_dashboard_figures_equal_the_annual_report(seeded, make_user, client_for, unit):
    from danvan.annual.selectors import build_payload

    client = client_for(make_user("VN", "viewer"))
    for key, boundaries, param in [("VN", "historical", "lich-su"), ("VN", "current", "hien-nay"),
                                   ("VN-92", "current", "hien-nay")]:
        payload = build_payload(unit=unit(key), year=2023, boundaries=boundaries)
        query = f"ky=2023&dia_gioi={param}&chi_tieu=dvk.registered"
        trend = dict(_chart(client, key, "xu-huong", query)["rows"])
        assert trend["2023"] == payload["figures"]["dvk.registered"]
        assert trend["2022"] == payload["previous_year"]["dvk.registered"]
        ranking = _chart(client, key, "xep-hang", query)
        # The annual report names children as they were called in 2023 (VN-91 "Tỉnh Kiên Giang"); the ranking uses
        # today's names, so compare under today's name.
        annual = {child.get("current_name", child["name"]): child["figures"]["dvk.registered"]
                  for child in payload["by_child"]}
        assert dict(ranking["rows"]) == annual


def test_csv_and_xlsx_hold_exactly_the_charts_data(seeded, make_user, client_for):
    from openpyxl import load_workbook

    client = client_for(make_user("VN", "viewer"))
    query = "ky=2023&dia_gioi=lich-su&chi_tieu=dvk.registered"
    chart = _chart(client, "VN", "xep-hang", query)
    response = client.get(f"/bang-dieu-khien/VN/xep-hang.csv?{query}")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == chart["columns"]
    assert [[r[0], int(r[1]) if r[1] else None] for r in rows[1:]] == chart["rows"]  # no data: empty, not 0
    workbook = load_workbook(io.BytesIO(b"".join(client.get(f"/bang-dieu-khien/VN/xep-hang.xlsx?{query}"))))
    sheet = workbook.active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0] == chart["columns"]
    assert [[r[0], None if r[1] in (None, "") else int(r[1])] for r in values[1:]] == chart["rows"]


def test_map_uses_the_eras_centres_and_always_draws_the_archipelagos(seeded, make_user, client_for):
    client = client_for(make_user("VN", "viewer"))
    old = _chart(client, "VN", "ban-do", "ky=2023&dia_gioi=lich-su")
    names = {p["name"] for p in old["points"]}
    assert len(old["points"]) == 63 and "Tỉnh Hậu Giang" in names
    assert {a["name"] for a in old["archipelagos"]} == {"Đặc khu Hoàng Sa", "Đặc khu Trường Sa"}
    new = _chart(client, "VN", "ban-do", "ky=2026&dia_gioi=hien-nay")
    assert len(new["points"]) == 34 and "Tỉnh Hậu Giang" not in {p["name"] for p in new["points"]}
    assert len(new["tiles"]) == 34 and len({(t["row"], t["col"]) for t in new["tiles"]}) == 34
    assert {a["name"] for a in new["archipelagos"]} == {"Đặc khu Hoàng Sa", "Đặc khu Trường Sa"}
    # Cần Thơ's centre moved with the merger of Hậu Giang and Sóc Trăng.
    before = next(p for p in old["points"] if p["name"] == "Thành phố Cần Thơ")
    after = next(p for p in new["points"] if p["name"] == "Thành phố Cần Thơ")
    assert (before["lat"], before["lon"]) != (after["lat"], after["lon"])
    page = client.get("/bang-dieu-khien/VN/?ky=2026").content.decode()
    assert page.count('class="dash-tile"') == 34


def test_a_provinces_map_shows_its_communes(make_user, client_for):
    client = client_for(make_user("VN-92", "officer"))
    chart = _chart(client, "VN-92", "ban-do", "ky=2026&dia_gioi=hien-nay")
    assert len(chart["points"]) > 50 and chart["archipelagos"] == [] and chart["tiles"] == []


def test_scope_and_bad_filters(make_user, client_for):
    client = client_for(make_user("VN-92", "officer"))
    assert client.get("/bang-dieu-khien/VN-01/").status_code == 404
    assert client.get("/api/v1/dashboards/VN-01/xep-hang/").status_code == 404
    bad = client.get("/bang-dieu-khien/VN-92/?ky=2023Q9")
    assert bad.status_code == 400 and "Không đọc được kỳ báo cáo “2023Q9”" in bad.content.decode()
    assert client.get("/api/v1/dashboards/VN-92/xep-hang/?chi_tieu=khong.co").status_code == 400
    assert client.get("/bang-dieu-khien/VN-92/khong-co.csv").status_code == 404
    assert client.get("/bang-dieu-khien/").url == "/bang-dieu-khien/VN-92/"


def test_htmx_filter_change_returns_only_the_body(seeded, make_user, client_for):
    client = client_for(make_user("VN", "viewer"))
    body = client.get("/bang-dieu-khien/VN/?ky=2023&dia_gioi=lich-su", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in body and 'id="bieu-do-xep-hang"' in body


def test_chart_data_is_cached_until_the_figures_change(seeded, make_user, client_for, unit,
                                                      django_assert_max_num_queries):
    client = client_for(make_user("VN", "viewer"))
    query = "ky=2023&dia_gioi=lich-su"
    assert _chart(client, "VN", "xep-hang", query)["rows"][0][1] == 183676
    # Session, user, grants, unit, and the session save (3 statements): no figure is recomputed.
    with django_assert_max_num_queries(7):
        _chart(client, "VN", "xep-hang", query)
    datavalue_set(actor=None, unit=unit("VN-92"), period="2023", indicator="dvk.registered", value=183677)
    assert _chart(client, "VN", "xep-hang", query)["rows"][0][1] == 183677


def test_the_rendered_page_is_reused_until_the_figures_change(seeded, make_user, client_for, unit,
                                                             django_assert_max_num_queries):
    client = client_for(make_user("VN", "viewer"))
    url = "/bang-dieu-khien/VN/?ky=2023&dia_gioi=lich-su&chi_tieu=dvk.registered"
    assert "183.676" in client.get(url).content.decode()
    with django_assert_max_num_queries(7):  # session, user, grants, unit, session save: no chart rebuilt
        assert "183.676" in client.get(url, HTTP_HX_REQUEST="true").content.decode()
    datavalue_set(actor=None, unit=unit("VN-92"), period="2023", indicator="dvk.registered", value=183677)
    html = client.get(url).content.decode()
    assert "183.677" in html and "183.676" not in html


def test_whole_dashboard_api(seeded, make_user, client_for):
    data = client_for(make_user("VN", "viewer")).get("/api/v1/dashboards/VN/?ky=2023&dia_gioi=lich-su").json()
    assert data["period"] == "2023" and data["boundaries"] == "historical"
    assert {c["id"] for c in data["charts"]} >= {"xu-huong", "xep-hang", "ban-do", "linh-vuc", "khoi",
                                                 "tap-the-ca-nhan", "don-thu-theo-thang", "don-thu-qua-han",
                                                 "diem-nong", "van-dong-chi-tieu", "nha-theo-trang-thai"}


def test_home_links_to_the_dashboard(make_user, client_for):
    page = client_for(make_user("VN-92", "officer")).get(reverse("home")).content.decode()
    assert 'href="/bang-dieu-khien/VN-92/"' in page


def test_every_level_before_and_after_the_reform_has_a_dashboard(seeded, make_user, client_for):
    from danvan.orgunits.models import OrgUnit

    client = client_for(make_user("VN", "viewer"))
    legacy_district = OrgUnit.objects.filter(key__startswith="VN-93-", level="district").first()
    legacy_commune = OrgUnit.objects.filter(parent=legacy_district).first()
    central = OrgUnit.objects.filter(parent__key="VN", level="central").exclude(kind="nation").first()
    for unit, year in [(central, 2026), (OrgUnit.objects.get(key="VN-93"), 2023), (legacy_district, 2023),
                       (legacy_commune, 2023), (OrgUnit.objects.get(key="VN-92"), 2026)]:
        page = client.get(f"/bang-dieu-khien/{unit.key}/?ky={year}")
        assert page.status_code == 200, unit.key
        html = page.content.decode()
        assert f"Bảng điều khiển: {unit.name}" in html and 'id="bieu-do-xu-huong"' in html
    # Hậu Giang (abolished in 2025) defaults to its historical territory and shows its 2023 figure.
    hau_giang = client.get("/api/v1/dashboards/VN-93/xu-huong/?ky=2023").json()
    assert "ranh giới lịch sử" in hau_giang["context"] and dict(hau_giang["rows"])["2023"] == 1200


def test_warming_fills_the_cache_once_per_change_of_figures(seeded, make_user, client_for, unit,
                                                            django_assert_max_num_queries):
    from danvan.dashboards.warm import warm, warm_if_changed

    assert warm([unit("VN"), unit("VN-92")], "ky=2023&dia_gioi=lich-su") == 2
    client = client_for(make_user("VN", "viewer"))
    # Session, user, grants, the unit tree's roots (a national grant), unit, session save (3 statements): every
    # chart comes from the cache.
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/dashboards/VN/?ky=2023&dia_gioi=lich-su").status_code == 200
    assert warm_if_changed([unit("VN-92")]) == 1
    assert warm_if_changed([unit("VN-92")]) == 0  # nothing changed since
    datavalue_set(actor=None, unit=unit("VN-92"), period="2024", indicator="dialogue", value=5)
    assert warm_if_changed([unit("VN-92")]) == 1


def test_warming_by_default_covers_the_nation_and_todays_provinces(monkeypatch, unit):
    from danvan.dashboards import charts
    from danvan.dashboards.warm import warm

    built = []
    monkeypatch.setattr(charts, "all_charts", lambda filters: built.append(filters.unit.key))
    assert warm() == 35 and built[0] == "VN" and "VN-92" in built and "VN-93" not in built
