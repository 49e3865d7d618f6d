"""Activity and dialogue services: happy paths, every bad input, audit, concurrency, double submit."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from danvan.activities import selectors, services
from danvan.activities.models import Activity, Commitment
from danvan.core.audit import history_for
from danvan.core.concurrency import StaleRecordError
from danvan.core.models import AuditEvent
from danvan.reports.models import RecordFact

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_user):
    return make_user("VN-92", "officer")


def _errors(info) -> dict:
    return info.value.message_dict


def test_create_records_everything_and_audits(officer, make_activity, unit):
    activity = make_activity(officer, unit("VN-92"), "hoi_nghi", title="Hội nghị quán triệt Nghị quyết 25-NQ/TW",
                             place_mode="ket_hop", connected_points=12, attendees=1500, participants=300)
    assert activity.level == "province" and not activity.level_overridden
    assert activity.version == 1 and activity.created_by == officer
    assert "hoi nghi quan triet nghi quyet" in activity.search_text
    event = history_for(activity).get()
    assert event.action == "activities.activity.created" and event.actor == officer and not event.on_behalf
    assert event.changes["attendees"] == [None, 1500]


def _assert_refused(officer, unit, make_activity, field, fragment, kind="hoi_nghi", **fields):
    before = (Activity.objects.count(), RecordFact.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as info:
        make_activity(officer, unit("VN-92"), kind, **fields)
    messages = _errors(info)
    assert field in messages, messages
    assert fragment in " ".join(messages[field])
    assert (Activity.objects.count(), RecordFact.objects.count(), AuditEvent.objects.count()) == before


def test_end_before_start_refused(officer, unit, make_activity):
    _assert_refused(officer, unit, make_activity, "end_date", "trước ngày bắt đầu",
                    start_date=datetime.date(2023, 5, 10), end_date=datetime.date(2023, 5, 9))


def test_future_date_for_held_event_refused(officer, unit, make_activity):
    future = selectors.today() + datetime.timedelta(days=3)
    _assert_refused(officer, unit, make_activity, "start_date", "tương lai", start_date=future)
    # a planned event may be in the future and contributes no facts
    planned = make_activity(officer, unit("VN-92"), "hoi_nghi", start_date=future, status="planned")
    assert not RecordFact.objects.filter(source_id=planned.pk, source="activities.activity").exists()


def test_end_date_in_future_for_held_event_refused(officer, unit, make_activity):
    _assert_refused(officer, unit, make_activity, "end_date", "tương lai", start_date=selectors.today(),
                    end_date=selectors.today() + datetime.timedelta(days=1))


def test_negative_attendance_refused(officer, unit, make_activity):
    _assert_refused(officer, unit, make_activity, "attendees", "số âm", attendees=-5, participants=None)
    _assert_refused(officer, unit, make_activity, "participants", "số âm", participants=-1)


@override_settings(ACTIVITY_ATTENDEES_CEILING=1000)
def test_attendees_above_ceiling_need_confirmation(officer, unit, make_activity):
    _assert_refused(officer, unit, make_activity, "attendees", "xác nhận", attendees=1001)
    activity = make_activity(officer, unit("VN-92"), "hoi_nghi", attendees=1001, attendees_confirmed=True)
    assert activity.attendees == 1001


def test_absurd_attendance_refused_even_confirmed(officer, unit, make_activity):
    _assert_refused(officer, unit, make_activity, "attendees", "mức hợp lý", attendees=50_000_000,
                    attendees_confirmed=True)


def test_participants_above_attendees_refused(officer, unit, make_activity):
    _assert_refused(officer, unit, make_activity, "participants", "lớn hơn", attendees=10, participants=11)


def test_conference_needs_purpose_media_needs_outlet_online_needs_points(officer, unit, make_activity):
    _assert_refused(officer, unit, make_activity, "purpose", "mục đích", purpose="")
    _assert_refused(officer, unit, make_activity, "outlet", "cơ quan báo chí", kind="tin_bai", outlet="")
    _assert_refused(officer, unit, make_activity, "connected_points", "điểm cầu", place_mode="truc_tuyen")


def test_unit_that_did_not_exist_on_the_date_refused(officer, make_activity, unit, make_user):
    hau_giang = unit("VN-93")  # dissolved 30/06/2025
    superuser = make_user(superuser=True, username="root-x")
    with pytest.raises(ValidationError) as info:
        make_activity(superuser, hau_giang, "doi_thoai", start_date=datetime.date(2025, 8, 1))
    assert "không tồn tại" in _errors(info)["unit"][0]


def test_level_invalid_refused(officer, unit, make_activity):
    with pytest.raises(ValidationError) as info:
        make_activity(officer, unit("VN-92"), "hoi_nghi", level="galaxy")
    assert "level" in _errors(info)


def test_permissions_on_create(make_user, unit, make_activity, commune_cantho):
    commune_officer = make_user(commune_cantho.key, "officer")
    viewer = make_user("VN-92", "viewer")
    hanoi = make_user("VN-01", "officer")
    with pytest.raises(PermissionDenied):
        make_activity(viewer, unit("VN-92"))
    with pytest.raises(PermissionDenied):
        make_activity(hanoi, unit("VN-92"))
    with pytest.raises(PermissionDenied):
        make_activity(commune_officer, unit("VN-92"))
    provincial = make_user("VN-92", "officer")
    with pytest.raises(PermissionDenied):  # a descendant only explicitly on behalf
        make_activity(provincial, commune_cantho, start_date=datetime.date(2025, 9, 1))
    activity = make_activity(provincial, commune_cantho, on_behalf=True, start_date=datetime.date(2025, 9, 1))
    assert history_for(activity).get().on_behalf is True
    assert activity.level == "commune"


def test_double_submit_returns_the_same_activity(officer, unit, make_activity):
    first = make_activity(officer, unit("VN-92"), submission_key="abc123")
    second = make_activity(officer, unit("VN-92"), submission_key="abc123")
    assert first.pk == second.pk and Activity.objects.count() == 1


def test_duplicate_external_ref_refused(officer, unit, make_activity):
    make_activity(officer, unit("VN-92"), external_ref="HN-1")
    with pytest.raises(ValidationError) as info:
        make_activity(officer, unit("VN-92"), external_ref="HN-1")
    assert "external_ref" in _errors(info)


def test_update_audits_diff_and_refuses_stale_version(officer, unit, make_activity):
    activity = make_activity(officer, unit("VN-92"), attendees=100)
    stale = Activity.objects.get(pk=activity.pk)
    services.activity_update(actor=officer, activity=activity, expected_version=1, attendees=150)
    assert activity.version == 2
    event = history_for(activity).first()
    assert event.action == "activities.activity.updated" and event.changes["attendees"] == [100, 150]
    with pytest.raises(StaleRecordError):
        services.activity_update(actor=officer, activity=stale, expected_version=1, attendees=999)
    assert Activity.objects.get(pk=activity.pk).attendees == 150


def test_update_refused_for_other_province(make_user, unit, make_activity):
    owner = make_user("VN-92", "officer")
    activity = make_activity(owner, unit("VN-92"))
    with pytest.raises(PermissionDenied):
        services.activity_update(actor=make_user("VN-01", "officer"), activity=activity, expected_version=1,
                                 attendees=1)


def test_delete_audits(officer, unit, make_activity):
    activity = make_activity(officer, unit("VN-92"))
    pk = activity.pk
    services.activity_delete(actor=officer, activity=activity)
    assert not Activity.objects.filter(pk=pk).exists()
    assert AuditEvent.objects.filter(action="activities.activity.deleted", target_id=str(pk)).exists()


def test_dialogue_issues_commitments_overdue_and_next_dialogue(officer, unit, make_activity, commune_cantho):
    can_tho = unit("VN-92")
    first = make_activity(officer, can_tho, "doi_thoai", title="Đối thoại quý III",
                          start_date=datetime.date(2025, 7, 15))
    issue = services.issue_add(actor=officer, activity=first, content="Đường ngập nước khi triều cường",
                               raised_by="Cử tri phường Ninh Kiều")
    late = services.commitment_add(actor=officer, activity=first, content="Nâng cấp tuyến đường",
                                   owner_unit=commune_cantho, deadline=datetime.date(2025, 8, 30), issue=issue)
    kept = services.commitment_add(actor=officer, activity=first, content="Khơi thông cống",
                                   owner_unit=commune_cantho, deadline=datetime.date(2025, 8, 10))
    services.commitment_set_status(actor=officer, commitment=kept, to="done", done_on=datetime.date(2025, 8, 1),
                                   result="Đã khơi thông")
    assert late.is_overdue() and not kept.is_overdue()
    second = make_activity(officer, can_tho, "doi_thoai", title="Đối thoại quý IV",
                           start_date=datetime.date(2025, 10, 1))
    assert list(selectors.overdue_commitments_before(second)) == [late]
    assert list(selectors.overdue_commitments_before(first)) == []
    flags = {a.pk: a.has_overdue for a in selectors.mark_overdue(selectors.activities_for(officer))}
    assert flags == {first.pk: True, second.pk: False}
    assert [a.pk for a in selectors.filter_activities(selectors.activities_for(officer), overdue=True)] == [first.pk]
    assert AuditEvent.objects.filter(action="activities.commitment.done", target_id=str(kept.pk)).exists()
    # the owner unit (commune) may report progress on its commitment
    commune_officer_user = __import__("danvan.accounts.models", fromlist=["User"]).User.objects.create_user(
        username="ninhkieu-x", password="pw-danvan-123")
    from danvan.accounts.models import Membership

    Membership.objects.create(user=commune_officer_user, unit=commune_cantho, role="officer")
    services.commitment_set_status(actor=commune_officer_user, commitment=late, to="done",
                                   done_on=selectors.today())
    assert Commitment.objects.get(pk=late.pk).status == "done"


def test_commitment_bad_input(officer, unit, make_activity, commune_cantho):
    dialogue = make_activity(officer, unit("VN-92"), "doi_thoai", start_date=datetime.date(2025, 8, 1))
    with pytest.raises(ValidationError) as info:
        services.commitment_add(actor=officer, activity=dialogue, content="", owner_unit=None,
                                deadline=datetime.date(2025, 7, 1))
    errors = _errors(info)
    assert {"content", "owner_unit", "deadline"} <= set(errors)
    assert not Commitment.objects.exists()
    conference = make_activity(officer, unit("VN-92"), "hoi_nghi")
    with pytest.raises(ValidationError):
        services.commitment_add(actor=officer, activity=conference, content="x", owner_unit=commune_cantho,
                                deadline=datetime.date(2025, 9, 1))
    commitment = services.commitment_add(actor=officer, activity=dialogue, content="Cam kết",
                                         owner_unit=commune_cantho, deadline=datetime.date(2025, 9, 1))
    with pytest.raises(ValidationError) as info:
        services.commitment_set_status(actor=officer, commitment=commitment, to="done",
                                       done_on=selectors.today() + datetime.timedelta(days=2))
    assert "done_on" in _errors(info)
    with pytest.raises(StaleRecordError):
        services.commitment_set_status(actor=officer, commitment=commitment, to="done", expected_version=99)
    with pytest.raises(PermissionDenied):
        services.commitment_set_status(actor=make_user_hanoi(), commitment=commitment, to="done")


def make_user_hanoi():
    from danvan.accounts.models import Membership, User
    from danvan.orgunits.models import OrgUnit

    user = User.objects.create_user(username="hanoi-commit", password="pw-danvan-123")
    Membership.objects.create(user=user, unit=OrgUnit.objects.get(key="VN-01"), role="officer")
    return user
