"""Counting functions, facts, and the Hậu Giang 2023 dialogue sentence."""

import datetime

import pytest

from danvan.activities import selectors, services
from danvan.activities.facts import SOURCE
from danvan.orgunits.models import OrgUnit
from danvan.reports.models import RecordFact

pytestmark = pytest.mark.django_db
DAY = datetime.date(2023, 6, 15)


def _hau_giang_units():
    hau_giang = OrgUnit.objects.get(key="VN-93")
    districts = list(OrgUnit.objects.filter(parent=hau_giang, level="district").valid_on(DAY).order_by("path"))
    communes = list(OrgUnit.objects.filter(path__startswith=hau_giang.path, level="commune").valid_on(DAY)
                    .order_by("path"))
    return hau_giang, districts, communes


def test_hau_giang_2023_dialogues_143_with_split_by_level(superuser, make_activity):
    hau_giang, districts, communes = _hau_giang_units()
    assert len(districts) >= 8 and len(communes) >= 70  # Hậu Giang had 8 districts and 75 communes
    organisers = [hau_giang] * 5 + [districts[i % len(districts)] for i in range(23)] + \
        [communes[i % len(communes)] for i in range(115)]
    for index, unit in enumerate(organisers):
        make_activity(superuser, unit, "doi_thoai", title=f"Đối thoại {index}",
                      start_date=datetime.date(2023, 1 + index % 12, 1 + index % 28))
    # noise that must not count: another year, another kind, a planned dialogue, another province
    make_activity(superuser, hau_giang, "doi_thoai", title="Đối thoại 2022", start_date=datetime.date(2022, 12, 31))
    make_activity(superuser, hau_giang, "hoi_nghi", title="Hội nghị 2023")
    make_activity(superuser, hau_giang, "doi_thoai", title="Dự kiến", status="planned",
                  start_date=datetime.date(2023, 12, 1))
    make_activity(superuser, OrgUnit.objects.get(key="VN-94"), "doi_thoai", title="Sóc Trăng")

    result = selectors.dialogue_counts(unit=hau_giang, period="2023")
    assert result == {"total": 143, "by_level": {"province": 5, "district": 23, "commune": 115}}
    # the same facts reach the reporting engine
    facts = RecordFact.objects.filter(source=SOURCE, indicator="dialogue", day__year=2023,
                                      unit__path__startswith=hau_giang.path)
    assert sum(f.value for f in facts) == 143
    # on today's boundaries Cần Thơ contains Hậu Giang (and Sóc Trăng's dialogue)
    can_tho = OrgUnit.objects.get(key="VN-92")
    assert selectors.dialogue_counts(unit=can_tho, period="2023", boundaries="current")["total"] == 144
    assert selectors.dialogue_counts(unit=can_tho, period="2023")["total"] == 0
    assert selectors.count_activities(unit=hau_giang, period="2023S1", flag="is_dialogue") == sum(
        1 for i in range(143) if 1 + i % 12 <= 6)


def test_level_override_for_joint_event_counts_at_chosen_level(superuser, make_activity):
    hau_giang, districts, _communes = _hau_giang_units()
    activity = make_activity(superuser, districts[0], "doi_thoai", level="province")
    assert activity.level == "province" and activity.level_overridden
    assert selectors.dialogue_counts(unit=hau_giang, period="2023")["by_level"] == {"province": 1}
    fact = RecordFact.objects.get(source=SOURCE, source_id=activity.pk, indicator="dialogue")
    assert fact.level == "province" and fact.unit_id == districts[0].pk
    plain = make_activity(superuser, districts[1], "doi_thoai")
    assert RecordFact.objects.get(source=SOURCE, source_id=plain.pk, indicator="dialogue").level == ""


def test_dissemination_competition_media_counts_and_facts(superuser, make_activity, unit):
    can_tho = unit("VN-92")
    make_activity(superuser, can_tho, "hoi_nghi", purpose="hoc_tap", attendees=300, participants=250)
    make_activity(superuser, can_tho, "hoi_nghi", purpose="trien_khai", attendees=200, participants=None)
    make_activity(superuser, can_tho, "hoi_nghi", purpose="tong_ket", attendees=999)  # not dissemination
    make_activity(superuser, can_tho, "cuoc_thi", title="Hội thi dân vận khéo")
    make_activity(superuser, can_tho, "tin_bai", title="Phóng sự", outlet="Đài PT-TH Cần Thơ")
    make_activity(superuser, can_tho, "tin_bai", title="Tin bài", outlet="Báo Cần Thơ")
    assert selectors.dissemination_counts(unit=can_tho, period="2023") == {"conferences": 2, "attendees": 500}
    figures = selectors.summary(unit=can_tho, period="2023")
    assert figures["competitions"] == 1 and figures["media"] == 2 and figures["conferences"] == 2
    assert figures["by_kind"] == {"hoi_nghi": 3, "cuoc_thi": 1, "tin_bai": 2}
    facts = RecordFact.objects.filter(source=SOURCE, unit=can_tho)
    assert sum(f.value for f in facts if f.indicator == "conference.dissemination.attendees") == 500
    assert sum(f.value for f in facts if f.indicator == "conference.dissemination") == 2
    assert sum(1 for f in facts if f.indicator == "competition") == 1
    assert sum(1 for f in facts if f.indicator == "media") == 2
    assert sorted(f.category for f in facts if f.indicator == "activity") == sorted(
        ["hoi_nghi"] * 3 + ["cuoc_thi"] + ["tin_bai"] * 2)
    assert {f.category for f in facts if f.indicator == "conference.dissemination"} == {"hoc_tap", "trien_khai"}


def test_count_by_sector_and_level_and_kind(superuser, make_activity, unit, commune_cantho):
    from danvan.orgunits.models import Sector

    can_tho = unit("VN-92")
    mttq = Sector.objects.get(code="mttq")
    make_activity(superuser, can_tho, "toa_dam", sector=mttq, start_date=datetime.date(2025, 8, 1))
    make_activity(superuser, commune_cantho, "toa_dam", start_date=datetime.date(2025, 9, 1))
    make_activity(superuser, commune_cantho, "tap_huan", start_date=datetime.date(2025, 9, 2))
    assert selectors.count_by(unit=can_tho, period="2025", by="level") == {"province": 1, "commune": 2}
    assert selectors.count_by(unit=can_tho, period="2025", by="kind") == {"toa_dam": 2, "tap_huan": 1}
    assert selectors.count_by(unit=can_tho, period="2025", by="sector").get("mttq") == 1
    assert selectors.count_activities(unit=can_tho, period="2025Q3", kind="toa_dam", level="commune") == 1
    assert selectors.count_activities(unit=commune_cantho, period="202509") == 2


def test_facts_follow_updates_and_deletes(superuser, make_activity, unit):
    activity = make_activity(superuser, unit("VN-92"), "hoi_nghi", attendees=100)
    assert RecordFact.objects.filter(source=SOURCE, source_id=activity.pk).count() == 3
    services.activity_update(actor=superuser, activity=activity, expected_version=activity.version,
                             purpose="chuyen_de")
    assert set(RecordFact.objects.filter(source=SOURCE, source_id=activity.pk).values_list("indicator", flat=True)) \
        == {"activity"}
    services.activity_update(actor=superuser, activity=activity, expected_version=activity.version,
                             status="cancelled")
    assert not RecordFact.objects.filter(source=SOURCE, source_id=activity.pk).exists()
    services.activity_update(actor=superuser, activity=activity, expected_version=activity.version,
                             status="held", purpose="quan_triet", attendees=40, participants=30)
    value = RecordFact.objects.get(source=SOURCE, source_id=activity.pk,
                                   indicator="conference.dissemination.attendees").value
    assert value == 40
    pk = activity.pk
    services.activity_delete(actor=superuser, activity=activity)
    assert not RecordFact.objects.filter(source=SOURCE, source_id=pk).exists()


def test_indicators_registered():
    from danvan.reports.catalogue import registered_indicators

    codes = set(registered_indicators())
    assert {"conference.dissemination", "conference.dissemination.attendees", "dialogue", "competition",
            "media", "activity"} <= codes
