"""The unit tree through the 2025 reform: counts, keys, successors, subtree queries."""

import datetime
import io

import pytest
from django.core.management import call_command

from danvan.orgunits import selectors
from danvan.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db
BEFORE = datetime.date(2024, 12, 31)
AFTER = datetime.date(2026, 1, 1)


def test_counts_before_and_after_the_reform():
    assert OrgUnit.objects.valid_on(BEFORE).filter(kind="province").count() == 63
    assert OrgUnit.objects.valid_on(BEFORE).filter(kind="district").count() == 696
    assert OrgUnit.objects.valid_on(BEFORE).filter(kind="commune").count() == 10040
    assert OrgUnit.objects.valid_on(AFTER).filter(kind="province").count() == 34
    assert OrgUnit.objects.valid_on(AFTER).filter(kind="commune").count() == 3321
    assert OrgUnit.objects.valid_on(AFTER).filter(kind="district").count() == 0


def test_continuing_province_keeps_one_key_and_merged_one_ends_with_successor(unit):
    can_tho, hau_giang, soc_trang = unit("VN-92"), unit("VN-93"), unit("VN-94")
    assert can_tho.valid_to is None and can_tho.name == "Thành phố Cần Thơ"
    assert hau_giang.valid_to == datetime.date(2025, 6, 30)
    assert selectors.current_successor(hau_giang) == can_tho
    assert selectors.current_successor(soc_trang) == can_tho
    assert [link.successor.key for link in selectors.successors(hau_giang)] == ["VN-92"]
    assert {link.predecessor.key for link in selectors.predecessors(can_tho)} >= {"VN-93", "VN-94"}


def test_reused_gso_codes_do_not_collide(unit):
    new_ba_dinh = unit("VN-01-00004")
    old_truc_bach = unit("VN-01-001-00004")
    assert new_ba_dinh.name == "Phường Ba Đình" and new_ba_dinh.code_scheme == "gso-2025"
    assert old_truc_bach.name == "Phường Trúc Bạch" and old_truc_bach.code_scheme == "gso-legacy"
    assert new_ba_dinh.code == old_truc_bach.code == "00004"
    assert selectors.current_successor(old_truc_bach) == new_ba_dinh


def test_split_commune_follows_its_primary_successor_and_lists_the_others():
    split = OrgUnit.objects.filter(successor_links__is_primary=False).distinct().first()
    links = list(selectors.successors(split))
    assert len(links) >= 2 and sum(link.is_primary for link in links) == 1
    primary = next(link.successor for link in links if link.is_primary)
    assert split.current_key == primary.key


def test_subtree_children_and_ancestors_as_of_a_date(unit):
    hau_giang = unit("VN-93")
    districts_2023 = selectors.children_on(hau_giang, datetime.date(2023, 6, 1))
    assert districts_2023.count() == 8
    assert selectors.children_on(hau_giang, AFTER).count() == 0
    assert selectors.subtree(hau_giang, on=datetime.date(2023, 6, 1)).filter(kind="commune").count() == 75
    can_tho = unit("VN-92")
    communes_now = selectors.children_on(can_tho, AFTER).filter(kind="commune")
    assert communes_now.count() == 103
    commune = communes_now.first()
    assert [a.key for a in selectors.ancestors(commune)] == ["VN", "VN-92"]
    assert selectors.subtree(can_tho).filter(kind="district").count() == 9  # all time


def test_units_now_inside_include_merged_provinces_for_trends(unit):
    inside = selectors.units_now_inside(unit("VN-92"))
    assert set(inside.filter(kind="province").values_list("key", flat=True)) == {"VN-92", "VN-93", "VN-94"}
    # every legacy district of the three provinces is now inside Cần Thơ
    assert inside.filter(kind="district").count() == 9 + 8 + 11
    assert not inside.filter(key="VN-01").exists()


def test_search_matches_with_or_without_diacritics():
    for query in ("hau giang", "Hậu Giang", "HAU GIANG"):
        assert "VN-93" in set(selectors.search(query).values_list("key", flat=True))
    assert selectors.search("ninh kieu", on=AFTER).filter(kind="commune").exists()


def test_load_units_is_idempotent():
    before = OrgUnit.objects.count()
    call_command("load_units", stdout=io.StringIO())
    assert OrgUnit.objects.count() == before == 14136


def test_central_bodies_reflect_the_2025_merger(unit):
    old = unit("TW-BDV")
    assert old.valid_to == datetime.date(2025, 2, 2)
    assert selectors.current_successor(old).key == "TW-BTGDV"
    assert selectors.current_successor(unit("TW-DUK")).key == "TW-DBCP"
    assert unit("TW-MTTQ").sector.code == "mttq"
