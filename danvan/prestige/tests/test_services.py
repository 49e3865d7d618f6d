"""Services: create, edit, status, support, links — validation, authority by date, audit, optimistic locking."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.core.audit import REDACTED, history_for
from danvan.core.concurrency import StaleRecordError
from danvan.prestige import rules, services
from danvan.prestige.models import Person

pytestmark = pytest.mark.django_db
D = datetime.date


def test_commune_officer_adds_a_person_and_the_authority_is_suggested_from_the_date(commune_officer, make_person):
    person = make_person(commune_officer, decision_date=D(2025, 9, 10))
    assert person.status == Person.Status.RECOGNISED
    assert person.authority == Person.Authority.COMMUNE_CHAIRMAN
    assert person.authority_name == "Chủ tịch Ủy ban nhân dân Xã Lịch Hội Thượng"
    event = history_for(person).get()
    assert event.action == "prestige.person.created" and event.actor == commune_officer and not event.on_behalf


def test_before_the_reform_the_district_chairman_recognises_in_the_former_commune(province_officer, make_person,
                                                                                    former):
    person = make_person(province_officer, former_unit=former, decision_date=D(2023, 3, 15))
    assert person.authority == Person.Authority.DISTRICT_CHAIRMAN
    assert person.authority_name == "Chủ tịch Ủy ban nhân dân Huyện Trần Đề"
    assert history_for(person).get().on_behalf


def test_district_chairman_is_refused_after_1_july_2025_and_commune_chairman_before(province_officer, make_person,
                                                                                    former):
    with pytest.raises(ValidationError) as error:
        make_person(province_officer, decision_date=D(2025, 7, 1), authority="district_chairman")
    assert "không còn cấp huyện" in error.value.message_dict["authority"][0]
    with pytest.raises(ValidationError) as error:
        make_person(province_officer, former_unit=former, decision_date=D(2025, 6, 30),
                    authority="commune_chairman")
    assert "cấp huyện công nhận" in error.value.message_dict["authority"][0]
    person = make_person(province_officer, decision_date=D(2025, 7, 2), authority="province_chairman")
    assert person.authority_name == "Chủ tịch Ủy ban nhân dân Thành phố Cần Thơ"


def test_a_person_recognised_before_the_reform_in_a_new_commune_needs_the_former_commune(province_officer,
                                                                                        make_person, unit):
    with pytest.raises(ValidationError) as error:
        make_person(province_officer, decision_date=D(2023, 3, 15))
    assert "cần ghi xã cũ" in error.value.message_dict["former_unit"][0]
    # a former commune that was not merged into this commune is refused
    with pytest.raises(ValidationError) as error:
        make_person(province_officer, decision_date=D(2023, 3, 15), former_unit=unit("VN-92-916-31117"))
    assert "former_unit" in error.value.message_dict


def test_registry_is_kept_by_communes_only(province_officer, make_person, unit):
    with pytest.raises(ValidationError) as error:
        make_person(province_officer, unit=unit("VN-92"))
    assert "không phải là xã" in error.value.message_dict["unit"][0]


def test_personal_data_is_minimised_birth_year_only_and_valid_phone(commune_officer, make_person):
    with pytest.raises(ValidationError) as error:
        make_person(commune_officer, birth_year=2020, phone="12345")
    assert set(error.value.message_dict) == {"birth_year", "phone"}
    person = make_person(commune_officer, phone="0912 345 678")
    assert person.phone == "0912345678"
    assert not any(f.name in ("birth_date", "date_of_birth", "id_number", "cccd") for f in Person._meta.fields)


def test_the_audit_trail_never_holds_the_phone(commune_officer, make_person):
    person = make_person(commune_officer, phone="0912345678")
    services.person_update(actor=commune_officer, person=person, expected_version=person.version,
                           phone="0987654321", village="Ấp Mới")
    for event in history_for(person):
        assert "0912345678" not in str(event.changes) and "0987654321" not in str(event.changes)
    created = history_for(person).get(action="prestige.person.created")
    assert created.changes["phone"] == [None, REDACTED]
    updated = history_for(person).get(action="prestige.person.updated")
    assert "Số điện thoại đã thay đổi" in updated.note and "village" in updated.changes


def test_optimistic_locking_refuses_a_stale_edit(commune_officer, make_person):
    person = make_person(commune_officer)
    services.person_update(actor=commune_officer, person=person, expected_version=person.version, village="Ấp 2")
    with pytest.raises(StaleRecordError):
        services.person_update(actor=commune_officer, person=person, expected_version=person.version,
                               village="Ấp 3")


def test_status_changes_need_date_and_reason_and_can_be_restored(commune_officer, make_person):
    person = make_person(commune_officer, decision_date=D(2025, 9, 10))
    with pytest.raises(ValidationError) as error:
        services.person_set_status(actor=commune_officer, person=person, status="removed", day=D(2026, 1, 5))
    assert "status_reason" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.person_set_status(actor=commune_officer, person=person, status="deceased", day=D(2025, 1, 1))
    person = services.person_set_status(actor=commune_officer, person=person, status="deceased", day=D(2026, 3, 1))
    assert person.status == "deceased" and person.status_date == D(2026, 3, 1)
    with pytest.raises(ValidationError):  # deceased -> removed is not a move
        services.person_set_status(actor=commune_officer, person=person, status="removed", day=D(2026, 3, 2),
                                   reason="x")
    with pytest.raises(ValidationError):  # restoring needs a reason
        services.person_set_status(actor=commune_officer, person=person, status="recognised")
    person = services.person_set_status(actor=commune_officer, person=person, status="recognised",
                                        reason="Ghi nhầm người.")
    assert person.status == "recognised" and person.status_date is None
    actions = [e.action for e in history_for(person)]
    assert actions.count("prestige.person.recorded") == 2


def test_support_is_recorded_in_dong_and_audited_on_the_person(commune_officer, make_person):
    person = make_person(commune_officer)
    entry = services.support_add(actor=commune_officer, person=person, day=D(2026, 2, 10), kind="gift",
                                 amount=500_000, provider="UBND thành phố")
    assert entry.amount == 500_000
    event = history_for(person).get(action="prestige.supportentry.added")
    assert event.changes["amount"] == [None, "500000"] and event.changes["kind"] == [None, "gift"]
    from danvan.core.history import describe

    readable = describe(event)
    assert readable.sentence.startswith(f"{commune_officer} đã thêm hỗ trợ của người có uy tín “{person}”")
    assert {(c.label, c.new) for c in readable.changes} >= {("Giá trị (đồng)", "500.000"),
                                                            ("Hình thức hỗ trợ", "Tặng quà (Tết, lễ)")}
    with pytest.raises(ValidationError):
        services.support_add(actor=commune_officer, person=person, day=D(2030, 1, 1), kind="gift")
    with pytest.raises(ValidationError):
        services.support_add(actor=commune_officer, person=person, day=D(2026, 1, 1), kind="gift", amount=-5)
    services.support_delete(actor=commune_officer, entry=entry)
    assert not person.support_entries.exists()
    assert history_for(person).filter(action="prestige.supportentry.deleted").exists()


def test_links_to_existing_activities_and_commendations(commune_officer, make_person, commune):
    from danvan.activities.models import Activity, ActivityKind
    from danvan.commendations import services as commendations
    from danvan.commendations.models import AwardForm

    person = make_person(commune_officer)
    activity = Activity.objects.create(unit=commune, kind=ActivityKind.objects.get(code="hoi_nghi"),
                                       title="Hội nghị người có uy tín", start_date=D(2026, 3, 1), status="held")
    award = commendations.commendation_create(
        actor=commune_officer, unit=commune, recipient_type="individual", recipient_name=person.full_name,
        form=AwardForm.objects.get(code="giay_khen"), period_start_year=2025)
    services.link_add(actor=commune_officer, person=person, target=activity)
    services.link_add(actor=commune_officer, person=person, target=award)
    services.link_add(actor=commune_officer, person=person, target=activity)  # twice: one link
    assert list(person.activities.all()) == [activity] and list(person.commendations.all()) == [award]
    services.link_remove(actor=commune_officer, person=person, target=activity)
    assert not person.activities.exists()
    assert history_for(person).filter(action="prestige.person.link_added").count() == 2


def test_a_link_to_a_record_the_officer_cannot_read_is_refused(commune_officer, make_person, unit):
    from danvan.activities.models import Activity, ActivityKind

    person = make_person(commune_officer)
    elsewhere = Activity.objects.create(unit=unit("VN-01"), kind=ActivityKind.objects.get(code="hoi_nghi"),
                                        title="Hội nghị Hà Nội", start_date=D(2026, 3, 1), status="held")
    with pytest.raises(ValidationError):
        services.link_add(actor=commune_officer, person=person, target=elsewhere)


def test_another_commune_and_national_users_cannot_write(make_user, make_person, commune_officer,
                                                         central_officer, commune_cantho):
    person = make_person(commune_officer)
    other = make_user(commune_cantho.key, "officer")  # Phường Ninh Kiều
    with pytest.raises(PermissionDenied):
        services.person_update(actor=other, person=person, expected_version=None, village="x")
    with pytest.raises(PermissionDenied):  # may write on behalf of the whole country, but never reads names
        services.person_update(actor=central_officer, person=person, expected_version=None, village="x",
                               on_behalf=True)
    with pytest.raises(ValidationError) as error:
        make_person(central_officer)
    assert "số liệu tổng hợp" in error.value.message_dict["unit"][0]


def test_province_writes_for_a_commune_only_on_behalf(province_officer, commune_officer, make_person):
    person = make_person(commune_officer)
    with pytest.raises(ValidationError):
        services.person_update(actor=province_officer, person=person, expected_version=None, village="x")
    services.person_update(actor=province_officer, person=person, expected_version=None, village="x",
                           on_behalf=True)
    assert history_for(person).filter(action="prestige.person.updated", on_behalf=True).exists()


def test_delete_removes_the_record_and_its_facts(commune_officer, make_person):
    from danvan.reports.models import RecordFact

    person = make_person(commune_officer)
    pk = person.pk
    assert RecordFact.objects.filter(source=rules.FACT_SOURCE, source_id=pk).exists()
    services.person_delete(actor=commune_officer, person=person)
    assert not Person.objects.filter(pk=pk).exists()
    assert not RecordFact.objects.filter(source=rules.FACT_SOURCE, source_id=pk).exists()
