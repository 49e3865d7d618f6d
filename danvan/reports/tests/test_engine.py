from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.core.models import AuditEvent
from danvan.orgunits.models import OrgUnit
from danvan.reports import locks, selectors
from danvan.reports.models import DataValue
from danvan.reports.services import datavalue_delete, datavalue_set

from .helpers import D, add_fact, scratch

pytestmark = pytest.mark.django_db


def test_builtin_indicators_exist_with_units():
    from danvan.reports.models import Indicator

    found = {i.code: i for i in Indicator.objects.all()}
    assert found["dvk.registered"].name == "Mô hình “Dân vận khéo” được đăng ký"
    assert found["dvk.registered"].unit_of_measure == "mô hình"
    assert found["conference.dissemination"].unit_of_measure == "hội nghị"
    assert found["conference.dissemination.attendees"].unit_of_measure == "lượt người"
    assert found["campaign.money.received"].unit_of_measure == "đồng"
    assert found["campaign.money.received"].is_money
    assert found["dvk.recognised"].source == "formula"
    for code in ["dvk.recognised.collective", "dvk.recognised.individual", "dialogue", "competition", "media",
                 "commendation.collective", "commendation.individual", "petition.received", "petition.resolved",
                 "campaign.houses.completed"]:
        assert code in found


def test_records_roll_up_and_aggregate_replaces_own_records(unit):
    province, district = unit("VN-93"), unit("VN-93-930")
    commune = OrgUnit.objects.filter(parent=district).order_by("path").first()
    add_fact("dialogue", province, D(2023, 3, 1))
    add_fact("dialogue", district, D(2023, 4, 1))
    add_fact("dialogue", district, D(2023, 5, 1))
    add_fact("dialogue", commune, D(2023, 6, 1), value=3)
    add_fact("dialogue", commune, D(2022, 6, 1), value=7)  # another year
    assert selectors.figures(unit=province, period="2023", indicators=["dialogue"]) == {"dialogue": Decimal(6)}
    # An aggregate for the district replaces the district's own 2 records, not its commune's 3.
    datavalue_set(actor=None, unit=district, period="2023", indicator="dialogue", value=10)
    assert selectors.figures(unit=province, period="2023", indicators=["dialogue"])["dialogue"] == 14
    assert selectors.figures(unit=district, period="2023", indicators=["dialogue"])["dialogue"] == 13
    own = selectors.own_values(unit=district, period="2023", indicators=["dialogue"])
    assert own == {"dialogue": {"aggregate": Decimal(10), "records": Decimal(2)}}
    # A quarter the aggregate does not cover still counts records.
    assert selectors.figures(unit=district, period="2023Q2", indicators=["dialogue"])["dialogue"] == 5
    by_level = selectors.breakdown(unit=province, period="2023", indicator="dialogue", by="level")
    assert by_level == {"central": 0, "province": 1, "district": 10, "commune": 3}


def test_year_value_replaces_quarter_values_only_after_they_are_deleted(unit):
    province = unit("VN-93")
    datavalue_set(actor=None, unit=province, period="2023Q1", indicator="media", value=4)
    datavalue_set(actor=None, unit=province, period="2023Q2", indicator="media", value=5)
    assert selectors.figures(unit=province, period="2023", indicators=["media"])["media"] == 9
    with pytest.raises(ValidationError):
        datavalue_set(actor=None, unit=province, period="2023", indicator="media", value=20)
    for dv in DataValue.objects.filter(unit=province, indicator_id="media"):
        datavalue_delete(actor=None, datavalue=dv)
    datavalue_set(actor=None, unit=province, period="2023", indicator="media", value=20)
    assert selectors.figures(unit=province, period="2023", indicators=["media"])["media"] == 20
    assert selectors.figures(unit=province, period="2023Q1", indicators=["media"])["media"] == 0


def test_formula_and_categories_and_sector(unit):
    commune = OrgUnit.objects.filter(parent__key="VN-93-930").order_by("path").first()
    add_fact("dvk.recognised.collective", commune, D(2023, 2, 1), value=2, sector="mttq", category="kinh_te")
    add_fact("dvk.recognised.individual", commune, D(2023, 2, 1), value=5, sector="phu_nu", category="xa_hoi")
    figures = selectors.figures(unit=unit("VN"), period="2023",
                                indicators=["dvk.recognised", "dvk.recognised.collective"])
    assert figures == {"dvk.recognised": 7, "dvk.recognised.collective": 2}
    assert selectors.breakdown(unit=unit("VN-93"), period="2023", indicator="dvk.recognised",
                               by="sector") == {"mttq": 2, "phu_nu": 5}
    assert selectors.breakdown(unit=unit("VN-93"), period="2023", indicator="dvk.recognised",
                               by="category") == {"kinh_te": 2, "xa_hoi": 5}


def test_hau_giang_2023_historical_and_current(unit):
    hau_giang, can_tho = unit("VN-93"), unit("VN-92")
    districts = list(OrgUnit.objects.filter(parent=hau_giang).order_by("path"))
    assert len(districts) >= 7
    expected_hg = 0
    for n, district in enumerate(districts, start=1):
        datavalue_set(actor=None, unit=district, period="2023", indicator="dialogue", value=n)
        commune = OrgUnit.objects.filter(parent=district).order_by("path").first()
        datavalue_set(actor=None, unit=commune, period="2023", indicator="dialogue", value=10 * n)
        expected_hg += 11 * n
    datavalue_set(actor=None, unit=hau_giang, period="2023", indicator="dialogue", value=5)
    expected_hg += 5
    datavalue_set(actor=None, unit=can_tho, period="2023", indicator="dialogue", value=100)
    ninh_kieu_old = OrgUnit.objects.get(key="VN-92-916")
    datavalue_set(actor=None, unit=ninh_kieu_old, period="2023", indicator="dialogue", value=1000)
    assert selectors.figures(unit=hau_giang, period="2023", indicators=["dialogue"])["dialogue"] == expected_hg
    assert selectors.figures(unit=hau_giang, period="2023", indicators=["dialogue"],
                             boundaries="current")["dialogue"] == expected_hg
    assert selectors.figures(unit=can_tho, period="2023", indicators=["dialogue"])["dialogue"] == 1100
    assert selectors.figures(unit=can_tho, period="2023", indicators=["dialogue"],
                             boundaries="current")["dialogue"] == 1100 + expected_hg
    national = selectors.figures(unit=unit("VN"), period="2023", indicators=["dialogue"])
    assert national == selectors.figures(unit=unit("VN"), period="2023", indicators=["dialogue"],
                                         boundaries="current")
    assert national["dialogue"] == 1100 + expected_hg
    report = selectors.annual_figures(unit=unit("VN"), year=2023, indicators=["dialogue"])
    children = {row["unit"]: row["figures"]["dialogue"] for row in report["by_child"]}
    assert len([k for k in children if k.startswith("VN-") and k.count("-") == 1]) == 63
    assert children["VN-93"] == expected_hg and children["VN-92"] == 1100
    current = selectors.annual_figures(unit=unit("VN"), year=2023, indicators=["dialogue"], boundaries="current")
    current_children = {row["unit"]: row["figures"]["dialogue"] for row in current["by_child"]}
    assert "VN-93" not in current_children and current_children["VN-92"] == 1100 + expected_hg
    assert len([k for k in current_children if k.startswith("VN-") and k.count("-") == 1]) == 34
    by_level = report["by_level"]["dialogue"]
    assert by_level == {"central": 0, "province": 105,
                        "district": 1000 + sum(range(1, len(districts) + 1)),
                        "commune": 10 * sum(range(1, len(districts) + 1))}


def test_can_tho_trend_current_includes_hau_giang_and_soc_trang(unit):
    can_tho, hau_giang, soc_trang = unit("VN-92"), unit("VN-93"), unit("VN-94")
    new_commune = OrgUnit.objects.filter(parent=can_tho, valid_to__isnull=True, kind="commune").first()
    for year in range(2017, 2025):
        add_fact("media", can_tho, D(year, 5, 1), value=1)
        add_fact("media", hau_giang, D(year, 5, 1), value=10)
        add_fact("media", soc_trang, D(year, 5, 1), value=100)
    add_fact("media", hau_giang, D(2025, 3, 1), value=10)  # before the reform
    add_fact("media", new_commune, D(2025, 9, 1), value=1000)  # after it
    add_fact("media", new_commune, D(2026, 2, 1), value=1000)
    years = list(range(2017, 2027))
    historical = selectors.trend(unit=can_tho, years=years, indicators=["media"])["media"]
    current = selectors.trend(unit=can_tho, years=years, indicators=["media"], boundaries="current")["media"]
    assert historical == {**dict.fromkeys(range(2017, 2025), 1), 2025: 1000, 2026: 1000}
    assert current == {**dict.fromkeys(range(2017, 2025), 111), 2025: 1010, 2026: 1000}
    for year in years:
        assert current[year] == scratch(can_tho, str(year), ["media"], "current")["media"]


def test_datavalue_bad_input_changes_nothing(unit, make_user):
    officer = make_user("VN-93", "officer")
    hg = unit("VN-93")
    cases = [
        ({"period": "2023Q7"}, "period"),
        ({"indicator": "khong.co"}, "indicator"),
        ({"indicator": "dvk.recognised"}, "indicator"),
        ({"value": "abc"}, "value"),
        ({"value": -1}, "value"),
        ({"period": "2026"}, "period"),  # Hậu Giang ended on 30/6/2025
        ({"category": "khong_co"}, "category"),
        ({"sector": "khong_co"}, "sector"),
    ]
    for override, field in cases:
        args = {"actor": officer, "unit": hg, "period": "2023", "indicator": "dialogue", "value": 3, **override}
        with pytest.raises(ValidationError) as error:
            datavalue_set(**args)
        assert field in error.value.message_dict, override
    assert not DataValue.objects.exists()


def test_permissions_on_behalf_and_audit(unit, make_user):
    officer, viewer, other = make_user("VN-93", "officer"), make_user("VN-93", "viewer"), make_user("VN-01")
    district = unit("VN-93-930")
    with pytest.raises(PermissionDenied):
        datavalue_set(actor=viewer, unit=unit("VN-93"), period="2023", indicator="dialogue", value=1)
    with pytest.raises(PermissionDenied):
        datavalue_set(actor=other, unit=unit("VN-93"), period="2023", indicator="dialogue", value=1)
    with pytest.raises(PermissionDenied):
        datavalue_set(actor=officer, unit=district, period="2023", indicator="dialogue", value=1)
    dv = datavalue_set(actor=officer, unit=district, period="2023", indicator="dialogue", value=1, on_behalf=True)
    dv2 = datavalue_set(actor=officer, unit=district, period="2023", indicator="dialogue", value=4, on_behalf=True,
                        expected_version=dv.version)
    assert dv2.pk == dv.pk and dv2.value == 4 and dv2.version == 2
    with pytest.raises(ValidationError):  # stale form
        datavalue_set(actor=officer, unit=district, period="2023", indicator="dialogue", value=5, on_behalf=True,
                      expected_version=1)
    events = list(AuditEvent.objects.filter(target_type="reports.datavalue", target_id=str(dv.pk)).order_by("id"))
    assert [e.action for e in events] == ["reports.datavalue.created", "reports.datavalue.updated"]
    assert events[1].changes["value"] == ["1.00", "4.00"] and events[1].on_behalf
    datavalue_delete(actor=officer, datavalue=dv2, on_behalf=True)
    assert not DataValue.objects.exists()
    assert AuditEvent.objects.filter(action="reports.datavalue.deleted", target_id=str(dv.pk)).exists()


def test_lock_checker_refuses_entry(unit):
    hg = unit("VN-93")

    def checker(u, period_code):
        return "Báo cáo năm 2023 đã được chấp nhận." if u.pk == hg.pk and period_code == "2023" else None

    locks.register_lock_checker(checker)
    try:
        with pytest.raises(ValidationError) as error:
            datavalue_set(actor=None, unit=hg, period="2023Q3", indicator="dialogue", value=1)
        assert "đã được chấp nhận" in str(error.value)
        datavalue_set(actor=None, unit=hg, period="2024", indicator="dialogue", value=1)
    finally:
        locks.unregister_lock_checker(checker)


def test_rules_warn_and_block(unit):
    from danvan.reports.models import ValidationRule
    from danvan.reports.validation import run_rules

    hg = unit("VN-93")
    datavalue_set(actor=None, unit=hg, period="2023", indicator="dvk.registered", value=10)
    dv = datavalue_set(actor=None, unit=hg, period="2023", indicator="dvk.recognised.collective", value=12)
    assert [w.rule_code for w in dv.warnings] == ["dvk-recognised-le-registered"]
    assert "12" in dv.warnings[0].message and "10" in dv.warnings[0].message
    results = run_rules(unit=hg, period="2023", values={"conference.dissemination": Decimal(5),
                                                        "conference.dissemination.attendees": Decimal(3)})
    assert {r.rule_code for r in results} == {"attendees-ge-conferences", "dvk-recognised-le-registered"}
    ValidationRule.objects.filter(code="dvk-recognised-le-registered").update(severity="blocking")
    with pytest.raises(ValidationError):
        datavalue_set(actor=None, unit=hg, period="2023", indicator="dvk.recognised.individual", value=1)
    assert not DataValue.objects.filter(indicator_id="dvk.recognised.individual").exists()


def test_approved_figures_only(unit, settings):
    settings.APPROVED_FIGURES_ONLY = True
    hg, district = unit("VN-93"), unit("VN-93-930")
    datavalue_set(actor=None, unit=hg, period="2023", indicator="media", value=1)
    datavalue_set(actor=None, unit=district, period="2023", indicator="media", value=10)
    assert selectors.figures(unit=hg, period="2023", indicators=["media"])["media"] == 1
    assert selectors.annual_figures(unit=hg, year=2023, indicators=["media"])["figures"]["media"] == 1

    def approved(u, period_code):
        return u.pk == district.pk and period_code == "2023"

    locks.register_approval_checker(approved)
    try:
        assert selectors.figures(unit=hg, period="2023", indicators=["media"])["media"] == 11
        report = selectors.annual_figures(unit=hg, year=2023, indicators=["media"])
        assert report["figures"]["media"] == 11
        children = {row["unit"]: row["figures"]["media"] for row in report["by_child"]}
        assert children["VN-93-930"] == 10
        assert selectors.trend(unit=hg, years=[2023], indicators=["media"]) == {"media": {2023: 11}}
    finally:
        locks.unregister_approval_checker(approved)


def test_indicator_sync_after_migrate_waits_for_its_own_tables(monkeypatch):
    from django.db import connections

    from danvan.reports.apps import _sync_after_migrate
    from danvan.reports.models import Indicator

    Indicator.objects.filter(code="media").delete()
    monkeypatch.setattr(connections["default"].introspection, "table_names", lambda *a, **k: [])
    _sync_after_migrate(sender=None, using="default")  # a partial migrate: engine tables not there yet
    assert not Indicator.objects.filter(code="media").exists()
    monkeypatch.undo()
    _sync_after_migrate(sender=None, using="default")
    assert Indicator.objects.filter(code="media").exists()
