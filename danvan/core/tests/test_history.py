"""The audit formatter: sentences people read, no ids or internal keys, local time; the API keeps raw data."""

import datetime

import pytest
from django.utils import timezone

from danvan.core.history import EMPTY, describe, readable_value
from danvan.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _event(actor, action, target_type, changes, repr_="Dân vận khéo trong xây dựng nông thôn mới", **kw):
    return AuditEvent.objects.create(
        actor=actor, action=action, target_type=target_type, target_id="1", target_repr=repr_, changes=changes,
        at=datetime.datetime(2026, 11, 25, 13, 53, tzinfo=datetime.UTC), **kw)


def test_sentence_names_person_verb_record_and_local_time(make_user):
    user = make_user("VN-92-31135", "officer")
    user.full_name = "Huỳnh Thị Xã"
    user.save()
    event = _event(user, "registry.model.created", "registry.dvkmodel", {})
    text = describe(event).sentence
    # 13:53 UTC is 20:53 in Việt Nam.
    assert text == (
        "Huỳnh Thị Xã đã đăng ký mô hình “Dân vận khéo trong xây dựng nông thôn mới” lúc 20:53 ngày 25/11/2026")


def test_changes_use_verbose_names_and_readable_values(unit):
    cantho = unit("VN-92")
    event = _event(None, "registry.model.updated", "registry.dvkmodel", {
        "collective_unit": [None, cantho.pk],
        "kind": ["mo_hinh", "dien_hinh"],
        "submission_key": [None, "5f0c7a0e-4a39-4f8e-9a51-1f5c1c1a2b3c"],
        "id": [None, 42],
        "search_text": ["a", "b"],
    })
    readable = describe(event)
    assert readable.sentence.startswith("Hệ thống đã sửa mô hình")
    labels = {c.label: (c.old, c.new) for c in readable.changes}
    assert labels["Tập thể là đơn vị"] == (EMPTY, "Thành phố Cần Thơ")
    assert labels["Loại"] == ("Mô hình", "Điển hình")  # choice labels, not keys
    flat = " ".join(f"{c.label} {c.old} {c.new}" for c in readable.changes)
    assert "submission" not in flat and "5f0c7a0e" not in flat and "42" not in flat and "search" not in flat


def test_values_people_read():
    from danvan.campaigns.models import LedgerEntry
    from danvan.core.models import AuditEvent as Model

    assert readable_value(None, True) == "có" and readable_value(None, False) == "không"
    assert readable_value(None, "2025-06-30") == "30/06/2025"
    assert readable_value(None, "2026-11-25T13:53:00+00:00") == "20:53 ngày 25/11/2026"
    assert readable_value(LedgerEntry._meta.get_field("amount"), "1250000") == "1.250.000"
    assert readable_value(None, None) == EMPTY and readable_value(None, "") == EMPTY
    assert "Trùng" in readable_value(None, {"reason": "Trùng", "id": 3})
    assert "3" not in readable_value(None, {"id": 3})
    assert readable_value(Model._meta.get_field("on_behalf"), True) == "có"


def test_years_are_not_grouped_but_amounts_are():
    from danvan.commendations.models import Commendation

    assert readable_value(Commendation._meta.get_field("period_start_year"), 2015) == "2015"


def test_history_on_a_page_reads_as_sentences(client, make_user):
    user = make_user("VN-92", "officer")
    client.force_login(user)
    from danvan.orgunits.models import OrgUnit

    unit = OrgUnit.objects.get(key="VN-92")
    AuditEvent.objects.create(actor=user, action="orgunits.unit.updated", target_type="orgunits.orgunit",
                              target_id=str(unit.pk), target_repr=unit.name, at=timezone.now(),
                              changes={"valid_to": [None, "2030-12-31"], "path": ["a", "b"]})
    html = client.get(unit.get_absolute_url()).content.decode()
    assert "đã sửa đơn vị “Thành phố Cần Thơ”" in html
    assert "31/12/2030" in html and "orgunits.unit.updated" not in html


def test_indicator_codes_read_as_their_names():
    event = _event(None, "submissions.report.saved", "submissions.submission",
                   {"dvk.registered": [None, "12"], "figures": [None, {"media": "3"}]}, repr_="Báo cáo")
    flat = " ".join(f"{c.label} {c.old} {c.new}" for c in describe(event).changes)
    assert "dvk.registered" not in flat and "Mô hình “Dân vận khéo” được đăng ký" in flat
    assert "media:" not in flat and "Tin, bài, phóng sự: 3" in flat


def test_a_history_names_related_records_as_before_with_one_query_per_model(unit, make_user):
    """describe_all reads the related records named by id with one query per model, and none for the records
    already loaded (the events' actors and units, the record of `history_for` and what it holds)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from danvan.core.audit import history_for
    from danvan.core.history import describe_all
    from danvan.registry.models import DvkModel

    cantho, ninhkieu, hanoi = unit("VN-92"), unit("VN-92-31135"), unit("VN-01")
    user = make_user("VN-92", "officer")
    events = [
        _event(user, "registry.model.updated", "registry.dvkmodel", {"collective_unit": [cantho.pk, ninhkieu.pk]},
               unit=cantho),
        _event(None, "registry.model.updated", "registry.dvkmodel", {"collective_unit": [None, str(hanoi.pk)]}),
        _event(None, "registry.model.updated", "registry.dvkmodel", {"collective_unit": [str(hanoi.pk), 999999]}),
        _event(None, "registry.model.updated", "registry.dvkmodel", {"collective_unit": [[["x"]], True]}),
    ]
    expected = [describe(e, {}) for e in AuditEvent.objects.filter(pk__in=[e.pk for e in events]).order_by("pk")]
    loaded = list(AuditEvent.objects.filter(pk__in=[e.pk for e in events]).select_related("actor", "unit")
                  .order_by("pk"))
    with CaptureQueriesContext(connection) as queries:
        described = describe_all(loaded)
    assert described == expected
    assert [c.new for c in described[0].changes] == ["Phường Ninh Kiều"] and described[2].changes[0].new == EMPTY
    # The units, all at once (Cần Thơ is the first event's unit: known already).
    assert len(queries) == 1, [q["sql"] for q in queries.captured_queries]

    model = DvkModel(pk=1, unit=cantho)
    with CaptureQueriesContext(connection) as queries:
        described = describe_all(history_for(model).filter(pk=events[0].pk))
    assert [c.new for c in described[0].changes] == ["Phường Ninh Kiều"]
    assert len(queries) == 2  # the events, then Ninh Kiều (Cần Thơ is the record's unit)
