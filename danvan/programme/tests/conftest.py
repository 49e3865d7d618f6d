import datetime

import pytest

from danvan.programme import services
from danvan.programme.models import ProgrammeItem


@pytest.fixture
def root(make_user):
    return make_user(superuser=True, username="root-programme")


@pytest.fixture
def fixed_today(monkeypatch):
    """fixed_today(date): core.clock.today() (and so every "today" of the app) is that date."""

    def set_day(day: datetime.date):
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: day)
        return day

    return set_day


@pytest.fixture
def programme_with(unit, root):
    """programme_with(unit_key, year, items=[(kind, assigned_by, status...)], approve=True) -> Programme.

    Items are (title, kind, assigned_by) tuples; statuses are recorded after approval with
    `record(item, status)`."""

    def make(unit_key: str, year: int = 2025, items=(), approve: bool = True, **fields):
        programme = services.programme_create(actor=root, unit=unit(unit_key), year=year, **fields)
        for entry in items:
            title, kind, assigned_by = (*entry, ProgrammeItem.AssignedBy.UNIT)[:3]
            services.item_create(actor=root, programme=programme, title=title, kind=kind, assigned_by=assigned_by,
                                 deadline=datetime.date(year, 6, 30))
        if approve:
            services.programme_approve(actor=root, programme=programme)
        programme.refresh_from_db()
        return programme

    return make


@pytest.fixture
def record(root):
    def done(item, status=ProgrammeItem.Status.DONE, **kwargs):
        kwargs.setdefault("month", datetime.date(item.programme.year, 7, 1))
        if status == ProgrammeItem.Status.DONE:
            kwargs.setdefault("done_on", datetime.date(item.programme.year, 6, 20))
        if status in (ProgrammeItem.Status.DROPPED, ProgrammeItem.Status.OVERDUE):
            kwargs.setdefault("note", "Lý do")
        return services.item_record_status(actor=root, item=item, status=status, **kwargs)

    return done


@pytest.fixture
def login(db):
    """login(user) -> a client of its own (the shared `client` fixture holds one session at a time)."""
    from django.test import Client

    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make
