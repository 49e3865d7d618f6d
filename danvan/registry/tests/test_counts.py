"""Counting rules with hand-computed numbers."""

import datetime

import pytest

from danvan.core.testing import error_fields
from danvan.orgunits.models import OrgUnit
from danvan.registry import rules, selectors, services
from danvan.registry.models import Field
from danvan.reports.models import RecordFact

D = datetime.date


@pytest.fixture
def hau_giang_commune(db):
    """A legacy commune of Hậu Giang (VN-93), which lies in Cần Thơ on today's boundaries."""
    return OrgUnit.objects.filter(key__startswith="VN-93-", level="commune").order_by("key").first()


@pytest.fixture
def data_set(new_model, admin_user, commune_cantho, unit, hau_giang_commune, province_approver):
    """2025 in Cần Thơ: 4 registered (3 commune, 1 province), 1 draft; recognised: 2 collective, 1 individual.
    2024: one model of a Hậu Giang commune, recognised at commune level; 2026: one re-registration."""
    xhvh = Field.objects.get(code="van_hoa_xa_hoi")
    from danvan.orgunits.models import Sector

    mttq = Sector.objects.get(code="mttq")

    def recognise(model, year, level, day):
        dvk_year = model.years.get(year=year)
        services.start_assessment(actor=admin_user, dvk_year=dvk_year)
        services.recognise(actor=admin_user, dvk_year=dvk_year, level=level, decision_number="1-QĐ",
                           decision_date=day)

    a = new_model(admin_user, commune_cantho, name="A", sector=mttq)
    b = new_model(admin_user, commune_cantho, name="B", field=xhvh)
    c = new_model(admin_user, commune_cantho, name="C", subject="ca_nhan", person_name="Nguyễn Văn C")
    d = new_model(admin_user, unit("VN-92"), name="D", field=xhvh)
    new_model(admin_user, commune_cantho, name="Nháp", register=False)
    recognise(a, 2025, "commune", D(2025, 10, 1))
    recognise(c, 2025, "province", D(2025, 11, 1))
    recognise(d, 2025, "province", D(2025, 12, 1))
    b_year = b.years.get()
    services.start_assessment(actor=admin_user, dvk_year=b_year)
    services.not_recognise(actor=admin_user, dvk_year=b_year, reason="Chưa đạt")
    old = new_model(admin_user, hau_giang_commune, name="Hậu Giang cũ", year=2024)
    recognise(old, 2024, "commune", D(2024, 9, 1))
    services.register_year(actor=admin_user, model=a, year=2026, registered_on=D(2026, 2, 1))
    return {"a": a, "b": b, "c": c, "d": d, "old": old}


def test_counts_one_year(data_set, unit, commune_cantho):
    figures = selectors.counts(unit=unit("VN-92"), year=2025)
    assert figures["registered"] == 4  # A, B, C, D (the draft does not count)
    assert (figures["registered_collective"], figures["registered_individual"]) == (3, 1)
    assert figures["recognised"] == 3
    assert (figures["recognised_collective"], figures["recognised_individual"]) == (2, 1)
    assert figures["registered_by_field"] == {"kinh_te": 2, "van_hoa_xa_hoi": 2}
    assert figures["recognised_by_field"] == {"kinh_te": 2, "van_hoa_xa_hoi": 1}
    assert figures["registered_by_sector"] == {"mttq": 1, "": 3}
    assert figures["recognised_by_level"] == {"commune": 1, "province": 2}
    commune = selectors.counts(unit=commune_cantho, year=2025)
    assert (commune["registered"], commune["recognised"]) == (3, 2)
    assert selectors.counts(unit=unit("VN"), year=2025)["registered"] == 4
    assert selectors.counts(unit=unit("VN-01"), year=2025)["registered"] == 0


def test_boundaries_historical_and_current(data_set, unit):
    historical = selectors.counts(unit=unit("VN-92"), year=2024)
    current = selectors.counts(unit=unit("VN-92"), year=2024, boundaries="current")
    assert (historical["registered"], historical["recognised"]) == (0, 0)
    assert (current["registered"], current["recognised"]) == (1, 1)
    assert selectors.counts(unit=unit("VN-93"), year=2024)["recognised"] == 1
    assert selectors.counts(unit=unit("VN"), year=2024)["registered"] == 1


def test_cumulative(data_set, unit):
    figures = selectors.cumulative(unit=unit("VN-92"), first_year=2024, last_year=2026, boundaries="current",
                                   distinct_models=True)
    assert figures["registered"] == 6  # 1 (2024) + 4 (2025) + 1 (2026: A again)
    assert figures["registered_models"] == 5  # A counted once
    assert figures["recognised"] == 4 and figures["recognised_models"] == 4


def test_facts_match_counting_rule(data_set):
    rows = RecordFact.objects.filter(source="registry.model")
    assert rows.filter(indicator="dvk.registered", day__year=2025).count() == 4
    assert rows.filter(indicator="dvk.recognised.collective", day__year=2025).count() == 2
    assert rows.filter(indicator="dvk.recognised.individual", day__year=2025).count() == 1
    assert rows.filter(indicator="dvk.registered", sector="mttq").count() == 2  # A in 2025 and 2026
    assert rows.filter(indicator="dvk.registered", unit=data_set["old"].unit).get().day == D(2024, 3, 1)


def test_reporting_year_start(settings):
    settings.REPORTING_YEAR_START = "12-15"
    assert rules.year_bounds(2024) == (D(2023, 12, 15), D(2024, 12, 14))
    assert rules.reporting_year(D(2023, 12, 20)) == 2024
    assert rules.reporting_year(D(2024, 12, 14)) == 2024
    settings.REPORTING_YEAR_START = "01-01"
    assert rules.year_bounds(2024) == (D(2024, 1, 1), D(2024, 12, 31))


def test_indicators_registered():
    from danvan.reports.catalogue import registered_indicators

    specs = registered_indicators()
    for code in ("dvk.registered", "dvk.recognised.collective", "dvk.recognised.individual"):
        assert code in specs and "kinh_te" in specs[code].categories


def test_counts_by_child(data_set, unit, commune_cantho):
    rows = selectors.counts_by_child(unit=unit("VN"), year=2025, children=[commune_cantho, unit("VN-01")])
    assert rows[0]["unit"] == commune_cantho and (rows[0]["registered"], rows[0]["recognised"]) == (3, 2)
    assert (rows[1]["registered"], rows[1]["recognised"]) == (0, 0)


def test_counts_api_current_boundaries(data_set, client_for, province_officer):
    body = client_for(province_officer).get("/api/v1/registry/counts/", {
        "unit": "VN-92", "year": 2024, "boundaries": "current"}).json()
    assert (body["registered"], body["recognised"], body["recognised_by_level"]) == (1, 1, {"commune": 1})
    bad = client_for(province_officer).get("/api/v1/registry/counts/", {"unit": "VN-92", "year": "x"})
    assert bad.status_code == 400 and "Năm" in error_fields(bad)["year"][0]
