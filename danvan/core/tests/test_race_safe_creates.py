"""Race-safe creates (issue 13, finding 7): parallel identical requests never end in an IntegrityError (500).

Two kinds of test:
- the logic, on any database: a competing row is inserted between the service's "is there one already?" check
  and its own INSERT (a pre_save hook plays the parallel request), so the unique constraint refuses the INSERT;
- real threads: 6 parallel identical POSTs through the API on committed data, on PostgreSQL only (writers run
  in parallel there; `DATABASE_URL=postgres://… make test` runs them, as CI's PostgreSQL pass does).
"""

from __future__ import annotations

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection
from django.test import Client

from danvan.core.db import UniqueConflict, insert_or_existing, insert_unique, is_unique_violation

SUBJECT = "Kiến nghị thử song song"


def play_race(monkeypatch, module) -> list:
    """Make the next create through `module.insert_or_existing` lose a race: just before its INSERT, the same row
    is inserted and kept (as a parallel request that passed the same "is there one already?" check a moment
    earlier and committed first would have done), so the unique constraint refuses our INSERT. Returns the
    competing rows."""
    import danvan.core.db as db

    real = db.insert_or_existing
    won: list = []

    def racing(save, find):
        if won:
            return real(save, find)
        first = save()  # the parallel request's row, outside our savepoint
        won.append(type(first).objects.get(pk=first.pk))
        first.pk, first._state.adding = None, True  # and now our own INSERT of the same key
        return real(save, find)

    monkeypatch.setattr(module, "insert_or_existing", racing)
    return won


# --- the logic -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_helpers_return_the_winner_or_a_conflict(make_user, unit):
    from danvan.accounts.models import Membership

    user = make_user("VN-92", "officer")
    first = Membership.objects.get(user=user)

    def duplicate():
        return Membership.objects.create(user=user, unit=unit("VN-92"), role="officer")

    found, created = insert_or_existing(duplicate, lambda: first)
    assert (found, created) == (first, False)
    with pytest.raises(UniqueConflict):
        insert_unique(Membership(user=user, unit=unit("VN-92"), role="officer"))
    assert Membership.objects.filter(user=user).count() == 1
    assert not is_unique_violation(IntegrityError("NOT NULL constraint failed: x.y"))


@pytest.mark.django_db
def test_datavalue_entered_twice_at_once_gives_one_row(make_user, unit, monkeypatch):
    import danvan.reports.services as services
    from danvan.reports.models import DataValue
    from danvan.reports.services import datavalue_set

    officer = make_user("VN-92", "officer")
    won = play_race(monkeypatch, services)
    saved = datavalue_set(actor=officer, unit=unit("VN-92"), period="2019", indicator="competition", value="7")
    assert won, "the race was not played"
    assert saved.pk == won[0].pk and saved.value == Decimal("7")
    assert DataValue.objects.filter(unit__key="VN-92", period="2019", indicator_id="competition").count() == 1


@pytest.mark.django_db
def test_datavalue_race_with_another_value_becomes_an_audited_change(make_user, unit, monkeypatch):
    import danvan.reports.services as services
    from danvan.core.models import AuditEvent
    from danvan.reports.models import DataValue
    from danvan.reports.services import datavalue_set

    officer = make_user("VN-92", "officer")
    won = play_race(monkeypatch, services)
    # the competing request entered 3 (its INSERT comes first); ours enters 7
    original_save, entered = DataValue.save, []

    def save_three(self, *args, **kwargs):
        if self.pk is None and not entered:
            entered.append(self.value)
            self.value = Decimal("3")
            try:
                return original_save(self, *args, **kwargs)
            finally:
                self.value = entered[0]
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(DataValue, "save", save_three)
    saved = datavalue_set(actor=officer, unit=unit("VN-92"), period="2019", indicator="competition", value="7")
    assert won and won[0].value == Decimal("3")
    assert DataValue.objects.get(pk=saved.pk).value == Decimal("7")
    assert AuditEvent.objects.filter(action="reports.datavalue.updated", target_id=str(saved.pk)).exists()


@pytest.mark.django_db
def test_case_posted_twice_at_once_with_one_key_gives_one_case(make_user, unit, client, monkeypatch):
    import danvan.petitions.services.cases as services
    from danvan.petitions.models import Case

    officer = make_user("VN-92", "officer")
    client.force_login(officer)
    won = play_race(monkeypatch, services)
    response = client.post("/api/v1/petitions/cases/", _case_payload("khoa-1"), content_type="application/json")
    assert won
    assert response.status_code == 200 and response.json()["id"] == won[0].pk
    assert Case.objects.filter(submission_key="khoa-1").count() == 1


@pytest.mark.django_db
def test_other_unique_keys_answer_409_not_500(make_user, unit, client, monkeypatch):
    """Where the winner is not "the same record" (a document symbol, a sentiment report period), the loser of
    the race gets the conflict its own duplicate check would have given a moment later."""

    officer = make_user("VN-92", "officer")
    client.force_login(officer)
    body = {"symbol": "24-KH/BDVTU", "issuing_body": "Ban Dân vận Thành ủy", "issued_on": "2024-03-01",
            "title": "Kế hoạch thực hiện", "unit": "VN-92"}
    import danvan.core.db as db

    won = play_race(monkeypatch, db)  # insert_unique goes through core.db.insert_or_existing
    response = client.post("/api/v1/activities/documents/", body, content_type="application/json")
    assert won and won[0].symbol == "24-KH/BDVTU"
    assert response.status_code == 409, response.content
    assert response.json()["errors"][0]["code"] == "conflict"


def test_unique_violations_anywhere_map_to_409():
    from django.test import RequestFactory

    from danvan.core.api_errors import exception_handler
    from danvan.core.middleware import UniqueConflictMiddleware

    error = IntegrityError("duplicate key value violates unique constraint \"x\"")
    assert exception_handler(error, {}).status_code == 409
    assert exception_handler(IntegrityError("NOT NULL constraint failed: x"), {}) is None  # a bug stays a 500
    request = RequestFactory().get("/api/v1/x/")
    assert UniqueConflictMiddleware(lambda r: None).process_exception(request, error).status_code == 409


# --- real threads ----------------------------------------------------------------------------------------

def _case_payload(key: str) -> dict:
    return {"unit": "VN-92", "kind": "kien_nghi", "channel": "letter", "subject": SUBJECT, "field": "khac",
            "received_on": "2019-06-03", "submission_key": key,
            "petitioners": [{"name": "Người Kiến Nghị Song Song"}]}


def _parallel(user, count: int, request) -> list:
    """Run `request(client)` in `count` threads released together; each thread has its own DB connection."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(index: int) -> None:
        try:
            client = Client()
            client.force_login(user)
            barrier.wait(timeout=30)
            results[index] = request(client)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def _in_own_connection(work):
    """Run `work()` in a thread of its own: its own connection, in autocommit, so what it writes is committed and
    seen by the other threads (the test's own connection sits in a transaction that is rolled back)."""
    outcome: list = []

    def run() -> None:
        try:
            outcome.append(work())
        except Exception as error:  # noqa: BLE001
            outcome.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=120)
    if isinstance(outcome[0], Exception):
        raise outcome[0]
    return outcome[0]


threads_need_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="real parallel writers need PostgreSQL (SQLite serialises writers, and the test's own transaction holds "
           "its write lock); the race logic is tested above on every database")


@pytest.fixture
def committed(db):
    """A committed officer of Cần Thơ; everything the threads wrote is removed again through the services, so the
    roll-ups stay as every other test expects them."""
    from danvan.accounts.models import Membership, User
    from danvan.orgunits.models import OrgUnit

    def create():
        officer = User.objects.create_user(username="race-officer", password="pw-danvan-123")
        Membership.objects.create(user=officer, unit=OrgUnit.objects.get(key="VN-92"), role="officer")
        return officer

    officer = _in_own_connection(create)
    yield officer
    _in_own_connection(lambda: _cleanup(officer))


def _cleanup(officer) -> None:
    from django.contrib.sessions.models import Session

    from danvan.core.models import AuditEvent
    from danvan.petitions.models import Case
    from danvan.petitions.services.facts import SOURCE
    from danvan.reports.facts import replace_facts
    from danvan.reports.models import DataValue
    from danvan.reports.services import datavalue_delete

    for value in DataValue.objects.filter(unit__key="VN-92", period="2019", indicator_id="competition"):
        datavalue_delete(actor=None, datavalue=value)
    for case in Case.objects.filter(subject=SUBJECT):
        replace_facts(source=SOURCE, source_id=case.pk, facts=[])
        AuditEvent.objects.filter(target_type="petitions.case", target_id=str(case.pk)).delete()
        case.delete()
    AuditEvent.objects.filter(actor=officer).delete()
    AuditEvent.objects.filter(action="reports.datavalue.deleted", actor__isnull=True,
                              unit__key="VN-92").delete()
    for session in Session.objects.all():
        if session.get_decoded().get("_auth_user_id") == str(officer.pk):
            session.delete()
    officer.delete()


@threads_need_postgresql
def test_six_parallel_identical_datavalue_posts(committed):
    from danvan.reports.models import DataValue

    body = {"unit": "VN-92", "period": "2019", "indicator": "competition", "value": "5"}
    results = _parallel(committed, 6, lambda c: c.post("/api/v1/reports/datavalues/", body))
    statuses = [getattr(r, "status_code", r) for r in results]
    # every request gets the one record (the losers of the race continue as a no-op change of the winner's row)
    assert statuses == [201] * 6, statuses
    assert DataValue.objects.filter(unit__key="VN-92", period="2019", indicator_id="competition").count() == 1
    assert DataValue.objects.get(unit__key="VN-92", period="2019", indicator_id="competition").value == 5


@threads_need_postgresql
def test_six_parallel_case_creates_with_one_submission_key(committed):
    from danvan.petitions.models import Case

    results = _parallel(committed, 6, lambda c: c.post("/api/v1/petitions/cases/", _case_payload("song-song-1"),
                                                       content_type="application/json"))
    statuses = [getattr(r, "status_code", r) for r in results]
    assert sorted(statuses) == [200] * 5 + [201], statuses  # one creates, the others get the same case
    assert Case.objects.filter(submission_key="song-song-1").count() == 1
    ids = {r.json()["id"] for r in results if getattr(r, "status_code", None) in (200, 201)}
    assert len(ids) == 1
    assert datetime.date(2019, 6, 3) == Case.objects.get(submission_key="song-song-1").received_on
