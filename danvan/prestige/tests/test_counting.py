"""The counting rule and the engine: people in the list at each year's end, by ethnic group and role, support
money, rolled up per subtree on historical and current boundaries."""

import datetime

import pytest

from danvan.orgunits.models import OrgUnit
from danvan.prestige import rules, selectors, services
from danvan.prestige.models import Person
from danvan.reports import selectors as engine
from danvan.reports.models import RecordFact

pytestmark = pytest.mark.django_db
D = datetime.date
CODES = list(rules.INDICATORS)


def _figures(key: str, year: int, boundaries: str = "historical") -> dict:
    return engine.figures(unit=OrgUnit.objects.get(key=key), period=str(year), indicators=CODES,
                          boundaries=boundaries)


@pytest.fixture
def registry(province_officer, make_person, former, ethnic):
    """Four people of Xã Lịch Hội Thượng: two recognised in 2023 in the former commune (Sóc Trăng), one of them
    deceased in August 2024; one Kinh trưởng ấp from 2025; one recognised in 2023 and replaced in 2025."""
    so = make_person(province_officer, full_name="Thạch Văn Sô", former_unit=former, decision_date=D(2023, 3, 15),
                     role="chuc_sac")
    loi = make_person(province_officer, full_name="Trần Văn Lợi", former_unit=former, decision_date=D(2023, 3, 15),
                      ethnic_group=ethnic("04"), role="nhan_si")
    services.person_set_status(actor=province_officer, person=loi, status="deceased", day=D(2024, 8, 12),
                               on_behalf=True)
    an = make_person(province_officer, full_name="Nguyễn Văn An", decision_date=D(2025, 9, 10),
                     ethnic_group=ethnic("01"), role="truong_thon")
    hue = make_person(province_officer, full_name="Kim Thị Huệ", former_unit=former, decision_date=D(2023, 3, 15),
                      sex="nu", role="huu_tri")
    services.person_set_status(actor=province_officer, person=hue, status="replaced", day=D(2025, 9, 10),
                               reason="Chuyển nơi cư trú.", on_behalf=True)
    services.support_add(actor=province_officer, person=so, day=D(2024, 2, 5), kind="gift", amount=500_000,
                         on_behalf=True)
    services.support_add(actor=province_officer, person=loi, day=D(2024, 8, 13), kind="funeral",
                         amount=2_000_000, on_behalf=True)
    services.support_add(actor=province_officer, person=so, day=D(2026, 2, 10), kind="gift", amount=500_000,
                         on_behalf=True)
    services.support_add(actor=province_officer, person=an, day=D(2026, 2, 10), kind="visit", amount=0,
                         on_behalf=True)
    return {"so": so, "loi": loi, "an": an, "hue": hue}


def test_people_in_the_list_at_each_year_end_roll_up_on_historical_boundaries(registry, former):
    # 2023 and 2024: the former commune of Sóc Trăng (VN-94) holds them; Cần Thơ (VN-92) had none of them
    assert _figures("VN-94", 2023)[rules.PEOPLE] == 3
    assert _figures("VN-94", 2024)[rules.PEOPLE] == 2  # Trần Văn Lợi died in August 2024
    assert _figures("VN-94-951", 2024)[rules.PEOPLE] == 2  # the district of Trần Đề
    assert _figures("VN-92", 2024)[rules.PEOPLE] == 0
    # 2025: the new commune in Cần Thơ; Kim Thị Huệ replaced in September, Nguyễn Văn An recognised then
    assert _figures("VN-92", 2025)[rules.PEOPLE] == 2
    assert _figures("VN", 2025)[rules.PEOPLE] == 2
    assert _figures("VN-92-31679", 2026)[rules.PEOPLE] == 2


def test_current_boundaries_reread_the_former_years_inside_today_s_province(registry):
    assert _figures("VN-92", 2024, "current")[rules.PEOPLE] == 2
    assert _figures("VN-92", 2023, "current")[rules.PEOPLE] == 3


def test_breakdown_by_ethnic_group_and_role(registry):
    cantho = OrgUnit.objects.get(key="VN-92")
    summary = selectors.engine_summary(unit=cantho, year=2025)
    assert summary["people"] == 2 and summary["minority"] == 1
    assert {row["code"]: row["people"] for row in summary["by_ethnic"]} == {"05": 1, "01": 1}
    assert {row["code"]: row["people"] for row in summary["by_role"]} == {"chuc_sac": 1, "truong_thon": 1}
    summary_2023 = selectors.engine_summary(unit=cantho, year=2023, boundaries="current")
    assert {row["name"]: row["people"] for row in summary_2023["by_ethnic"]} == {"Khmer": 2, "Hoa": 1}
    assert {row["code"]: row["people"] for row in summary_2023["by_role"]} == {
        "chuc_sac": 1, "nhan_si": 1, "huu_tri": 1}


def test_support_amounts_count_on_their_day_for_the_commune_of_that_day(registry):
    assert _figures("VN-94", 2024)[rules.SUPPORT_AMOUNT] == 2_500_000
    assert _figures("VN-94", 2024)[rules.SUPPORT] == 2
    figures_2026 = _figures("VN-92", 2026)
    assert figures_2026[rules.SUPPORT_AMOUNT] == 500_000 and figures_2026[rules.SUPPORT] == 2
    summary = selectors.engine_summary(unit=OrgUnit.objects.get(key="VN-92"), year=2026)
    assert {row["code"]: (row["count"], int(row["amount"])) for row in summary["support_by_kind"]} == {
        "gift": (1, 500_000), "visit": (1, 0)}


def test_no_data_is_none_not_zero_and_children_rows(registry):
    hanoi = OrgUnit.objects.get(key="VN-01")
    assert selectors.engine_summary(unit=hanoi, year=2025)["people"] is None
    rows = selectors.engine_by_child(unit=OrgUnit.objects.get(key="VN-92"), year=2025)
    with_data = {row["unit"].key: row["people"] for row in rows if row["people"] is not None}
    assert with_data == {"VN-92-31679": 2}


def test_leaving_the_list_withdraws_this_year_s_fact_and_restoring_brings_it_back(registry, province_officer):
    from danvan.core.clock import today

    this_year = today().year
    an = registry["an"]
    assert _figures("VN-92", this_year)[rules.PEOPLE] == 2
    services.person_set_status(actor=province_officer, person=an, status="removed", day=today(),
                               reason="Vi phạm tiêu chí.", on_behalf=True)
    assert _figures("VN-92", this_year)[rules.PEOPLE] == 1
    assert _figures("VN-92", 2025)[rules.PEOPLE] == 2  # past years keep their year-end list
    services.person_set_status(actor=province_officer, person=Person.objects.get(pk=an.pk), status="recognised",
                               reason="Ghi nhầm.", on_behalf=True)
    assert _figures("VN-92", this_year)[rules.PEOPLE] == 2


def test_the_new_year_s_facts_are_added_by_the_daily_job(registry, monkeypatch):
    from danvan.core.clock import today

    next_year = today().year + 1
    assert not RecordFact.objects.filter(source=rules.FACT_SOURCE, indicator=rules.PEOPLE,
                                         day__year=next_year).exists()
    monkeypatch.setattr(rules, "today", lambda: datetime.date(next_year, 1, 1))
    assert services.sync_current_year() == 2  # the two people still in the list
    assert RecordFact.objects.filter(source=rules.FACT_SOURCE, indicator=rules.PEOPLE,
                                     day=rules.year_end(next_year)).count() == 2
    assert services.sync_current_year() == 2  # again: nothing changes
    assert RecordFact.objects.filter(source=rules.FACT_SOURCE, indicator=rules.PEOPLE,
                                     day=rules.year_end(next_year)).count() == 2


def test_the_statistics_selector_reads_the_same_numbers_as_the_engine(registry):
    cantho = OrgUnit.objects.get(key="VN-92")
    for year in (2023, 2024, 2025, 2026):
        for boundaries in ("historical", "current"):
            shown = selectors.engine_summary(unit=cantho, year=year, boundaries=boundaries)["people"]
            figure = _figures("VN-92", year, boundaries)[rules.PEOPLE]
            assert (shown or 0) == figure


def test_moving_a_person_from_the_former_commune_keeps_the_years_before_the_reform(province_officer, make_person,
                                                                                   former, commune):
    person = make_person(province_officer, unit=former, decision_date=D(2023, 3, 15))

    def units_by_year():
        return {f.day.year: f.unit_id for f in RecordFact.objects.filter(source=rules.FACT_SOURCE,
                                                                         source_id=person.pk, indicator=rules.PEOPLE)}

    before = units_by_year()
    assert before[2023] == before[2024] == former.pk
    assert before[2025] == former.current_unit.pk  # counted for the successor until moved
    services.person_update(actor=province_officer, person=person, expected_version=None, on_behalf=True,
                           unit=commune, former_unit=former)
    after = units_by_year()
    assert after[2023] == after[2024] == former.pk and after[2025] == commune.pk
