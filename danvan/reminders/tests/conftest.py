import datetime
import functools

import pytest


class FakeClock:
    def __init__(self, day: datetime.date):
        self.day = day

    def set(self, day: datetime.date) -> None:
        self.day = day

    def advance(self, days: int = 1) -> None:
        self.day += datetime.timedelta(days=days)


@functools.cache
def _import_the_copiers_of_today() -> None:
    """Import every module of the project that copies `today` at import (found by reading the sources, so that
    modules split or added later are covered too)."""
    import importlib
    from pathlib import Path

    import danvan

    root = Path(danvan.__file__).resolve().parent
    for path in sorted(root.rglob("*.py")):
        if {"tests", "migrations"} & set(path.relative_to(root).parts):
            continue
        source = path.read_text(encoding="utf-8")
        if "from danvan.core.clock import" in source and "today" in source:
            parts = path.relative_to(root.parent).with_suffix("").parts
            importlib.import_module(".".join(parts[:-1] if parts[-1] == "__init__" else parts))


@pytest.fixture
def clock(monkeypatch):
    """`danvan.core.clock.today()` under the test's control (the reminders read the day only through it).

    Modules that copy `today` at import (`from danvan.core.clock import today`) are imported first, so they
    keep the real one and never hold on to this test's fake after it ends."""
    _import_the_copiers_of_today()
    fake = FakeClock(datetime.date(2026, 3, 2))  # a Monday
    monkeypatch.setattr("danvan.core.clock.today", lambda: fake.day)
    return fake


@pytest.fixture
def only_rules(db):
    """only_rules("commitment"): the default rules of the other kinds are switched off (fewer reminders to count)."""
    from danvan.reminders.models import ReminderRule

    def keep(*kinds):
        ReminderRule.objects.exclude(kind__in=kinds).update(active=False)
        return {rule.kind: rule for rule in ReminderRule.objects.filter(kind__in=kinds)}

    return keep


@pytest.fixture
def person(make_user):
    """person("VN-92", "officer", delivery="immediate", email=True) -> a user with an address and a choice."""
    from danvan.reminders.models import ReminderPreference

    def make(unit_key, role="officer", *, delivery="immediate", email=True, username=None):
        user = make_user(unit_key, role, username=username)
        if email:
            user.email = f"{user.username}@danvan.example"
            user.save(update_fields=["email"])
        ReminderPreference.objects.create(user=user, delivery=delivery)
        return user

    return make


@pytest.fixture
def dialogue(make_user, unit, db):
    """A provincial dialogue (Cần Thơ) whose commitments name a responsible unit and a deadline."""
    from danvan.activities import services
    from danvan.activities.models import ActivityKind

    recorder = make_user("VN-92", "officer", username="ct-recorder")
    activity = services.activity_create(
        actor=recorder, unit=unit("VN-92"), kind=ActivityKind.objects.get(code="doi_thoai"),
        title="Đối thoại với Nhân dân quý I", start_date=datetime.date(2026, 1, 10), attendees=200, participants=150)

    def commit(content, owner_unit, deadline):
        return services.commitment_add(actor=recorder, activity=activity, content=content, owner_unit=owner_unit,
                                       deadline=deadline)

    return commit


@pytest.fixture
def fail_mail(settings):
    """Every e-mail attempt fails as a mail server that refuses connections would."""
    from .backends import RefusingBackend

    RefusingBackend.attempts = 0
    settings.EMAIL_BACKEND = "danvan.reminders.tests.backends.RefusingBackend"
    return settings
