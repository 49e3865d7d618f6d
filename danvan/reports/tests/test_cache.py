"""Cached figures, report pages and documents: re-served while nothing changed, recomputed at once after."""

import pytest
from django.core.cache import cache as django_cache
from django.urls import reverse

from danvan.orgunits.models import OrgUnit
from danvan.reports import cache, rollups
from danvan.reports.services import datavalue_set

from .helpers import D, add_fact

pytestmark = pytest.mark.django_db


def _commune(province_key: str) -> OrgUnit:
    return OrgUnit.objects.filter(path__startswith=f"VN/{province_key}/", kind="commune").order_by("path").first()


def test_the_rollup_version_changes_with_every_change_below_the_unit_and_only_there(unit):
    can_tho, hau_giang, nation = unit("VN-92"), unit("VN-93"), unit("VN")
    commune = _commune("VN-93")
    before = {u.key: rollups.unit_version(u.pk, [2023], "historical") for u in (nation, can_tho, hau_giang)}
    first = add_fact("dialogue", commune, D(2023, 5, 1), value=3)
    after = {u.key: rollups.unit_version(u.pk, [2023], "historical") for u in (nation, can_tho, hau_giang)}
    assert after["VN"] != before["VN"] and after["VN-93"] != before["VN-93"]
    assert after["VN-92"] == before["VN-92"]  # another province: its cached figures stay valid
    # Back to the same figures by another way (the row falls to 0): still a new version, never an old one.
    from danvan.reports.facts import delete_facts

    delete_facts(source="test.record", source_id=first)
    assert rollups.unit_version(nation.pk, [2023], "historical") not in (before["VN"], after["VN"])


def test_no_version_while_the_rollups_are_unusable_or_approvals_decide(unit, settings):
    assert rollups.unit_version(unit("VN").pk, [2023], "historical") is not None
    settings.APPROVED_FIGURES_ONLY = True
    assert rollups.unit_version(unit("VN").pk, [2023], "historical") is None


def test_nothing_is_stored_inside_a_transaction(unit):
    django_cache.clear()
    calls = []
    cache.cached("t", (1,), "v1", lambda: calls.append(1) or 1)
    cache.cached("t", (1,), "v1", lambda: calls.append(1) or 1)
    assert len(calls) == 2


def test_figures_page_and_api_show_a_change_at_once(caching, client_for, make_user, unit):
    client = client_for(make_user("VN-93", "officer"))
    commune = _commune("VN-93")
    add_fact("media", commune, D(2023, 3, 3), value=1234)
    page = reverse("reports:figures", args=["VN-93", "2023"])
    assert "1.234" in client.get(page).content.decode()
    assert "1.234" in client.get(page).content.decode()  # served from the cache
    api = "/api/v1/reports/figures/?unit=VN-93&period=2023&indicators=media"
    assert client.get(api).json()["figures"]["media"] == 1234
    add_fact("media", commune, D(2023, 4, 4), value=1000)
    assert "2.234" in client.get(page).content.decode()
    assert client.get(api).json()["figures"]["media"] == 2234


def test_annual_figures_are_reused_until_a_change_below(caching, client_for, make_user, unit, monkeypatch):
    from danvan.reports import selectors

    calls = []
    real = selectors._annual_figures
    monkeypatch.setattr(selectors, "_annual_figures", lambda **kw: calls.append(1) or real(**kw))
    client = client_for(make_user("VN-93", "officer"))
    datavalue_set(actor=None, unit=unit("VN-93"), period="2023", indicator="dialogue", value=4321)
    api = "/api/v1/reports/annual/VN-93/2023/"
    assert client.get(api).json()["figures"]["dialogue"] == 4321
    assert client.get(api).json()["figures"]["dialogue"] == 4321
    assert len(calls) == 1  # re-served from the cache
    datavalue_set(actor=None, unit=unit("VN-93"), period="2023", indicator="dialogue", value=5432)
    assert client.get(api).json()["figures"]["dialogue"] == 5432
    assert len(calls) == 2  # the figures changed: computed again


def test_the_annual_reports_category_split_is_cached_and_follows_a_category_change(unit, caching, monkeypatch):
    """annual.engine.category_splits (issue 16): computed once while nothing changes; a record whose category
    alone changes (same value, same unit and year: the roll-ups do not move) shows at once."""
    from danvan.annual import engine as annual_engine
    from danvan.reports.facts import Fact, replace_facts

    from .helpers import _COUNTER

    commune = OrgUnit.objects.filter(parent__key="VN-93-930").order_by("path").first()
    _COUNTER["n"] += 1
    record = _COUNTER["n"]
    replace_facts(source="test.record", source_id=record,
                  facts=[Fact("commendation.collective", commune.pk, D(2023, 5, 1), 1, "bang_khen", "", "")])
    split = annual_engine.category_splits(unit=unit("VN-93"), year=2023, half=0, boundaries="historical")
    assert split["commendation.collective"] == {"bang_khen": 1}
    from danvan.reports import selectors

    computed = []
    real = selectors.breakdowns
    monkeypatch.setattr(selectors, "breakdowns", lambda **kw: computed.append(kw) or real(**kw))
    again = annual_engine.category_splits(unit=unit("VN-93"), year=2023, half=0, boundaries="historical")
    assert again["commendation.collective"] == {"bang_khen": 1} and computed == []  # from the cache
    replace_facts(source="test.record", source_id=record,
                  facts=[Fact("commendation.collective", commune.pk, D(2023, 5, 1), 1, "giay_khen", "", "")])
    split = annual_engine.category_splits(unit=unit("VN-93"), year=2023, half=0, boundaries="historical")
    assert split["commendation.collective"] == {"giay_khen": 1} and len(computed) == 1
