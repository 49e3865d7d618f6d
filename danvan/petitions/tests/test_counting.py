"""Counting functions, overdue and hotspot boards per subtree — numbers computed by hand."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.urls import reverse

from danvan.petitions import selectors, services
from danvan.reports.models import RecordFact

D = datetime.date
YEAR = (D(2025, 1, 1), D(2025, 12, 31))


@pytest.fixture
def world(people, new_case, commune_cantho, unit):
    o, c = people["officer"], people["commune"]
    k = commune_cantho.key
    cases = {}
    # c1: province, complaint, decided on time
    cases["c1"] = x = new_case(received_on=D(2025, 9, 1))
    services.case_accept(actor=o, case=x, accepted_on=D(2025, 9, 5))
    services.case_start_verification(actor=o, case=x, on=D(2025, 9, 6))
    services.case_decide(actor=o, case=x, on=D(2025, 10, 3), decision_number="1/QĐ", outcome="upheld")
    # c2: commune petition, accepted, no legal resolution deadline
    cases["c2"] = x = new_case(actor=c, unit_key=k, kind="kien_nghi", field="moi_truong", received_on=D(2025, 9, 10))
    services.case_accept(actor=c, case=x, accepted_on=D(2025, 9, 11))
    # c3: commune complaint never accepted: acceptance overdue since 11/10/2025
    cases["c3"] = new_case(actor=c, unit_key=k, received_on=D(2025, 10, 1))
    # c4: province denunciation accepted 2/8, resolution overdue since 1/9/2025
    cases["c4"] = x = new_case(kind="to_cao", field="can_bo", received_on=D(2025, 8, 1))
    services.case_accept(actor=o, case=x, accepted_on=D(2025, 8, 2))
    # c5: duplicate of c1 — not counted
    cases["c5"] = x = new_case(received_on=D(2025, 9, 15))
    services.case_merge(actor=o, case=x, into=cases["c1"], on=D(2025, 9, 16))
    # c6: commune second-instance complaint decided late (due 5/11, decided 10/11)
    cases["c6"] = x = new_case(actor=c, unit_key=k, kind="khieu_nai_2", received_on=D(2025, 9, 20))
    services.case_accept(actor=c, case=x, accepted_on=D(2025, 9, 21))
    services.case_start_verification(actor=c, case=x, on=D(2025, 9, 22))
    services.case_decide(actor=c, case=x, on=D(2025, 11, 10), decision_number="2/QĐ", outcome="rejected")
    # c7: Hà Nội — never in Cần Thơ's figures
    cases["c7"] = new_case(actor=people["hanoi"], unit_key="VN-01", received_on=D(2025, 9, 1))
    # c8: received in 2024, decided on time in 2025
    cases["c8"] = x = new_case(received_on=D(2024, 12, 20))
    services.case_accept(actor=o, case=x, accepted_on=D(2024, 12, 25))
    services.case_start_verification(actor=o, case=x, on=D(2024, 12, 26))
    services.case_decide(actor=o, case=x, on=D(2025, 1, 10), decision_number="3/QĐ", outcome="partly")
    # c9: Hậu Giang (merged into Cần Thơ in 2025), received 2024, closed as not accepted
    cases["c9"] = x = new_case(unit_key="VN-93", received_on=D(2024, 5, 1), on_behalf=True)
    services.case_not_accept(actor=o, case=x, on=D(2024, 5, 3), reason="Hết thời hiệu", on_behalf=True)
    return cases


def test_counts_for_province_year(world, unit):
    figures = selectors.counts(unit("VN-92"), "2025")
    assert figures["received"] == 5
    assert figures["by_kind"] == {"kien_nghi": 1, "phan_anh": 0, "khieu_nai_1": 2, "khieu_nai_2": 1, "to_cao": 1}
    assert figures["by_field"] == {"dat_dai": 3, "moi_truong": 1, "can_bo": 1}
    assert figures["accepted"] == 4
    assert (figures["resolved"], figures["resolved_on_time"], figures["resolved_late"]) == (3, 2, 1)
    assert figures["overdue_now"] == 2
    assert figures["mass"] is None and figures["not_accepted"] is None  # no such case: no data, not 0


def test_counts_for_commune_and_by_unit(world, unit, commune_cantho):
    figures = selectors.counts(commune_cantho, "2025")
    assert (figures["received"], figures["accepted"], figures["resolved_late"], figures["overdue_now"]) == (3, 2, 1, 1)
    by_unit = {row["key"]: row["count"] for row in selectors.received_by_unit(unit("VN-92"), "2025")}
    assert by_unit == {commune_cantho.key: 3, "VN-92": 2}


def test_historical_and_current_boundaries(world, unit):
    assert selectors.counts(unit("VN-92"), "2024")["received"] == 1  # c8
    assert selectors.counts(unit("VN-92"), "2024", boundaries="current")["received"] == 2  # + Hậu Giang's c9
    assert selectors.counts(unit("VN-93"), "2024")["received"] == 1
    assert selectors.counts(unit("VN-93"), "2024")["not_accepted"] == 1  # c9


def test_facts_agree_with_counts(world, unit):
    received = RecordFact.objects.filter(indicator="petition.received", unit__path__startswith=unit("VN-92").path,
                                         day__range=YEAR)
    assert received.aggregate(n=Sum("value"))["n"] == 5
    resolved = RecordFact.objects.filter(indicator="petition.resolved", unit__path__startswith="VN/VN-92/",
                                         day__range=YEAR)
    assert sorted(resolved.values_list("category", flat=True)) == ["late", "on_time", "on_time"]


def test_overdue_lists(world, unit, commune_cantho):
    province = selectors.overdue_cases(unit("VN-92"))
    assert {c.pk for c in province} == {world["c3"].pk, world["c4"].pk}
    assert [c.pk for c in selectors.overdue_cases(commune_cantho)] == [world["c3"].pk]
    assert [c.pk for c in selectors.overdue_cases(unit("VN-01"))] == [world["c7"].pk]
    rows = {r["key"]: r["count"] for r in selectors.overdue_by_unit(unit("VN-92"))}
    assert rows == {"VN-92": 1, commune_cantho.key: 1}
    # as of an earlier day, c4 (due 1/9) was not overdue yet
    assert [c.pk for c in selectors.overdue_cases(unit("VN-92"), on=D(2025, 8, 31))] == []


def test_overdue_board_page(world, people, client_for, commune_cantho):
    client = client_for(people["officer"])
    page = client.get(reverse("petitions:overdue_board")).content.decode()
    assert world["c3"].tracking_code in page and world["c4"].tracking_code in page
    assert world["c1"].tracking_code not in page
    page = client.get(reverse("petitions:overdue_board"), {"unit": commune_cantho.key}).content.decode()
    assert world["c3"].tracking_code in page and world["c4"].tracking_code not in page
    listing = client.get(reverse("petitions:case_list"), {"overdue": "1"}).content.decode()
    assert world["c3"].tracking_code in listing and world["c2"].tracking_code not in listing
    api = client.get("/api/v1/petitions/cases/overdue/", {"unit": "VN-92"}).json()
    assert {r["tracking_code"] for r in api["results"]} == {world["c3"].tracking_code, world["c4"].tracking_code}
    assert all(r["overdue"] and r["days_left"] < 0 for r in api["results"])


def test_hotspot_board(world, people, unit, commune_cantho, client_for):
    o, c = people["officer"], people["commune"]
    h1 = services.hotspot_flag(actor=o, unit=unit("VN-92"), title="Đông người dự án A", kind="dong_nguoi",
                               risk_level=3, flagged_on=D(2025, 10, 2), headcount=30, cases=[world["c3"]])
    h2 = services.hotspot_flag(actor=c, unit=commune_cantho, title="Điểm nóng môi trường", kind="diem_nong",
                               risk_level=2, flagged_on=D(2025, 9, 12), cases=[world["c2"]])
    services.hotspot_flag(actor=people["hanoi"], unit=unit("VN-01"), title="Hà Nội", kind="diem_nong",
                          risk_level=4, flagged_on=D(2025, 9, 1))
    h4 = services.hotspot_flag(actor=o, unit=unit("VN-92"), title="Đã ổn định", kind="diem_nong", risk_level=1,
                               flagged_on=D(2025, 3, 1))
    services.hotspot_resolve(actor=o, hotspot=h4, resolved_on=D(2025, 6, 1))
    board = selectors.hotspot_board(unit("VN-92"))
    assert [h.pk for h in board["items"]] == [h1.pk, h2.pk]
    assert board["active"] == 2 and board["mass"] == 1 and board["by_risk"] == {1: 0, 2: 1, 3: 1, 4: 0}
    assert len(selectors.hotspot_board(unit("VN-92"), include_resolved=True)["items"]) == 3
    assert [h.pk for h in selectors.hotspot_board(commune_cantho)["items"]] == [h2.pk]
    assert selectors.counts(unit("VN-92"), "2025")["hotspots_active"] == 2
    page = client_for(o).get(reverse("petitions:hotspot_board")).content.decode()
    assert "Đông người dự án A" in page and "Hà Nội" not in page.split("<main>")[1]
    api = client_for(o).get("/api/v1/petitions/hotspots/", {"unit": "VN-92", "active": "1"}).json()
    assert [r["id"] for r in api["results"]] == [h1.pk, h2.pk]
    assert api["results"][0]["cases"] == [world["c3"].tracking_code]


def test_hotspot_bad_inputs(world, people, unit, commune_cantho):
    o = people["officer"]
    with pytest.raises(ValidationError, match="số người"):
        services.hotspot_flag(actor=o, unit=unit("VN-92"), title="x", kind="dong_nguoi", risk_level=3,
                              flagged_on=D(2025, 10, 2))
    with pytest.raises(ValidationError, match="không thuộc địa bàn"):
        services.hotspot_flag(actor=o, unit=commune_cantho, title="x", kind="diem_nong", risk_level=1,
                              flagged_on=D(2025, 10, 2), cases=[world["c1"]], on_behalf=True)
    with pytest.raises(ValidationError, match="sau ngày hôm nay"):
        services.hotspot_flag(actor=o, unit=unit("VN-92"), title="x", kind="diem_nong", risk_level=1,
                              flagged_on=datetime.date.today() + datetime.timedelta(days=3))
    with pytest.raises(PermissionDenied):
        services.hotspot_flag(actor=o, unit=unit("VN-92"), title="x", kind="diem_nong", risk_level=1,
                              flagged_on=D(2025, 10, 2), cases=[world["c7"]])
    from danvan.petitions.models import Hotspot

    assert not Hotspot.objects.exists()


def test_statistics_page_and_api(world, people, client_for):
    client = client_for(people["officer"])
    response = client.get(reverse("petitions:statistics"), {"ky": "năm 2025"})
    assert response.status_code == 200
    assert response.context["figures"]["received"] == 5
    # Older links with from/to still work when they span one reporting period.
    response = client.get(reverse("petitions:statistics"), {"from": "2025-01-01", "to": "2025-12-31"})
    assert response.status_code == 200 and response.context["period"].code == "2025"
    api = client.get("/api/v1/petitions/cases/stats/", {"unit": "VN-92", "period": "2025"}).json()
    assert (api["received"], api["resolved_on_time"], api["resolved_late"]) == (5, 2, 1)
    api = client.get("/api/v1/petitions/cases/stats/", {"unit": "VN-92", "from": "2025-01-01",
                                                        "to": "2025-12-31"}).json()
    assert api["period"] == "2025" and api["received"] == 5
    # Q3 2025: c1, c2, c3 (not c4, received 1/8? yes: Q3 is July–September), c6; not c5 (merged)
    quarter = client.get("/api/v1/petitions/cases/stats/", {"unit": "VN-92", "period": "Quý 3/2025"}).json()
    assert quarter["period"] == "2025Q3" and quarter["received"] == 4
    assert client.get("/api/v1/petitions/cases/stats/", {"unit": "VN-92", "from": "2025-01-01",
                                                          "to": "2025-02-10"}).status_code == 400


def test_every_petitions_surface_is_the_engine_s_number(world, people, client_for, unit, commune_cantho):
    """The statistics page, its API, the dashboard chart, the figures API and the annual figures agree, and an
    aggregate the commune enters for a quarter replaces its records only inside that quarter (issue 10)."""
    from danvan.reports import selectors as engine
    from danvan.reports.services import datavalue_set

    # The commune's Q4 2025 cases: c3 (received 1/10). It enters an aggregate of 4 for 2025Q4.
    datavalue_set(actor=people["commune"], unit=commune_cantho, period="2025Q4", indicator="petition.received",
                  value=4)
    expected = 5 - 1 + 4
    client = client_for(people["officer"])
    assert selectors.counts(unit("VN-92"), "2025")["received"] == expected
    assert client.get(reverse("petitions:statistics"), {"ky": "2025"}).context["figures"]["received"] == expected
    assert client.get("/api/v1/petitions/cases/stats/", {"unit": "VN-92", "period": "2025"}).json()[
        "received"] == expected
    assert client.get("/api/v1/reports/figures/", {"unit": "VN-92", "period": "2025",
                                                   "indicators": "petition.received"}).json()["figures"][
        "petition.received"] == expected
    assert engine.annual_figures(unit=unit("VN-92"), year=2025)["figures"]["petition.received"] == expected
    chart = client.get("/api/v1/dashboards/VN-92/don-thu-theo-thang/", {"ky": "2025", "dia_gioi": "lich-su"}).json()
    months = {row[0]: row[1] for row in chart["rows"]}
    # A month is not inside the quarter's aggregate, so October shows the commune's record, as the figures
    # lookup does for 202510 (docs/reports.md: the August row of the worked example).
    assert months["10/2025"] == 1 == client.get("/api/v1/reports/figures/", {
        "unit": "VN-92", "period": "tháng 10/2025", "indicators": "petition.received"}).json()["figures"][
        "petition.received"]
    assert months["01/2025"] is None  # no case received in January: no data, not 0
    by_unit = {row["key"]: row["count"] for row in selectors.received_by_unit(unit("VN-92"), "2025")}
    assert by_unit == {commune_cantho.key: 3 - 1 + 4, "VN-92": 2}
