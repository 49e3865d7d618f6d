"""The "12.911 tập thể và 18.492 cá nhân được khen thưởng" figure at small scale, with hand-computed numbers."""

import datetime

import pytest
from django.db.models import Sum

from danvan.commendations import rules, selectors, services
from danvan.orgunits.models import OrgUnit
from danvan.reports.models import RecordFact

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def dataset(decided, draft, superuser, unit, award):
    """Cần Thơ 2025: 13 collectives and 18 individuals decided, spread over two communes and the province.

    commune A (Cái Khế):   5 collectives, 7 individuals
    commune B (Ninh Kiều): 4 collectives, 6 individuals
    VN-92 itself:          4 collectives, 5 individuals
    Not counted: proposed, returned, approved-without-decision, cancelled, a 2024 decision, and Hà Nội's.
    """
    a = unit("VN-92-31120")
    b = unit("VN-92-31135")
    province = unit("VN-92")
    forms = {"bk": award("bang_khen_tinh"), "gk": award("giay_khen"), "co": award("co_thi_dua_tinh")}
    plan = [
        (a, "collective", "co", 2), (a, "collective", "bk", 3), (a, "individual", "gk", 7),
        (b, "collective", "bk", 4), (b, "individual", "bk", 2), (b, "individual", "gk", 4),
        (province, "collective", "bk", 4), (province, "individual", "bk", 5),
    ]
    day = D(2025, 9, 1)
    for target, kind, form, n in plan:
        for _i in range(n):
            day += datetime.timedelta(days=1)
            decided(target, day, recipient_type=kind, form=forms[form])
    # outside the year / outside the province
    decided(province, D(2024, 12, 31), recipient_type="collective", form=forms["bk"])
    decided("VN-01", D(2025, 10, 1), recipient_type="collective", form=forms["bk"])
    decided("VN-01", D(2025, 10, 2), recipient_type="collective", form=award("bang_khen_ttcp"))
    # never counted: the nomination flow is not finished
    p = draft(superuser, unit=a, recipient_name="Đề nghị chưa duyệt")
    services.commendation_propose(actor=superuser, commendation=p)
    r = draft(superuser, unit=a, recipient_name="Bị trả lại")
    services.commendation_propose(actor=superuser, commendation=r)
    services.commendation_return(actor=superuser, commendation=r, note="Thiếu hồ sơ")
    ap = draft(superuser, unit=b, recipient_type="collective", recipient_name="Đã duyệt, chưa quyết định")
    services.commendation_propose(actor=superuser, commendation=ap)
    services.commendation_approve(actor=superuser, commendation=ap)
    c = draft(superuser, unit=b, recipient_name="Đã hủy")
    services.commendation_cancel(actor=superuser, commendation=c)
    draft(superuser, unit=province, recipient_name="Dự thảo")
    return {"a": a, "b": b, "province": province}


def test_province_and_nation_counts(dataset, unit):
    assert selectors.count_commended(unit=unit("VN-92"), year=2025) == {"collective": 13, "individual": 18}
    assert selectors.count_commended(unit=dataset["a"], year=2025) == {"collective": 5, "individual": 7}
    assert selectors.count_commended(unit=dataset["b"], year=2025) == {"collective": 4, "individual": 6}
    # nation: 13 + 2 Hà Nội collectives; individuals unchanged
    assert selectors.count_commended(unit=unit("VN"), year=2025) == {"collective": 15, "individual": 18}
    assert selectors.count_commended(unit=unit("VN-92"), year=2024) == {"collective": 1, "individual": 0}
    assert selectors.count_commended(unit=unit("VN-01"), year=2025) == {"collective": 2, "individual": 0}


def test_by_form_and_levels(dataset, unit):
    by_form = selectors.count_by(unit=unit("VN-92"), year=2025, by="form")
    assert by_form == {"co_thi_dua_tinh": {"collective": 2, "individual": 0},
                       "bang_khen_tinh": {"collective": 11, "individual": 7},
                       "giay_khen": {"collective": 0, "individual": 11}}
    levels = selectors.count_by(unit=unit("VN"), year=2025, by="award_level")
    # province-level forms: 2 cờ + 11 BK tỉnh (VN-92) + 1 BK tỉnh (Hà Nội) = 14 collectives; 7 BK individuals
    assert levels["province"] == {"collective": 14, "individual": 7}
    assert levels["commune"] == {"collective": 0, "individual": 11}
    assert levels["central"] == {"collective": 1, "individual": 0}
    by_unit_level = selectors.count_by(unit=unit("VN-92"), year=2025, by="unit_level")
    assert by_unit_level == {"commune": {"collective": 9, "individual": 13},
                             "province": {"collective": 4, "individual": 5}}


def test_by_child(dataset, unit):
    rows = selectors.count_by_child(unit=unit("VN-92"), year=2025)
    own = [r for r in rows if r["unit"] is None]
    assert own == [{"unit": None, "collective": 4, "individual": 5}]
    by_key = {r["unit"].key: (r["collective"], r["individual"]) for r in rows if r["unit"] is not None}
    assert by_key["VN-92-31120"] == (5, 7)
    assert by_key["VN-92-31135"] == (4, 6)
    assert sum(c for c, _i in by_key.values()) + 4 == 13


def test_facts_match_counting_functions(dataset, unit):
    province = unit("VN-92")
    facts = RecordFact.objects.filter(source=rules.FACT_SOURCE, unit__path__startswith=province.path,
                                      day__year=2025)
    assert facts.filter(indicator="commendation.collective").aggregate(n=Sum("value"))["n"] == 13
    assert facts.filter(indicator="commendation.individual").aggregate(n=Sum("value"))["n"] == 18
    national = RecordFact.objects.filter(source=rules.FACT_SOURCE, day__year=2025)
    assert national.filter(indicator="commendation.collective").count() == 15
    assert set(national.values_list("category", flat=True)) == {"bang_khen_tinh", "giay_khen", "co_thi_dua_tinh",
                                                                "bang_khen_ttcp"}


def test_historical_and_current_boundaries(decided, unit, award):
    """Hậu Giang (merged into Cần Thơ on 1/7/2025): its 2023 awards count for Cần Thơ only on today's map."""
    hg_commune = OrgUnit.objects.filter(path__startswith="VN/VN-93/", level="commune").first()
    decided("VN-93", D(2023, 12, 15), recipient_type="individual")
    decided(hg_commune, D(2023, 11, 1), recipient_type="collective", recipient_unit=hg_commune, recipient_name="")
    decided("VN-92", D(2023, 12, 20), recipient_type="collective")
    cantho = unit("VN-92")
    assert selectors.count_commended(unit=cantho, year=2023) == {"collective": 1, "individual": 0}
    assert selectors.count_commended(unit=cantho, year=2023, boundaries="current") == {
        "collective": 2, "individual": 1}
    assert selectors.count_commended(unit=unit("VN-93"), year=2023) == {"collective": 1, "individual": 1}
    current_rows = selectors.count_by_child(unit=cantho, year=2023, boundaries="current")
    assert sum(r["collective"] for r in current_rows) == 2
    assert sum(r["individual"] for r in current_rows) == 1


def test_reporting_year_start(decided, unit, settings):
    settings.REPORTING_YEAR_START = "12-15"
    decided("VN-92", D(2024, 12, 20), recipient_type="individual")  # belongs to reporting year 2025
    decided("VN-92", D(2024, 12, 10), recipient_type="individual")  # reporting year 2024
    assert selectors.year_bounds(2025) == (D(2024, 12, 15), D(2025, 12, 14))
    assert selectors.count_commended(unit=unit("VN-92"), year=2025)["individual"] == 1
    assert selectors.count_commended(unit=unit("VN-92"), year=2024)["individual"] == 1
