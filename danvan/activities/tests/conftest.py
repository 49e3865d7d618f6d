import datetime

import pytest


@pytest.fixture
def kind(db):
    from danvan.activities.models import ActivityKind

    return lambda code: ActivityKind.objects.get(code=code)


@pytest.fixture
def make_activity(db, kind):
    """make_activity(actor, unit, kind="hoi_nghi", **fields) through the service."""
    from danvan.activities import services

    def make(actor, unit, kind_code="hoi_nghi", *, on_behalf=False, documents=(), **fields):
        defaults = {"title": "Hội nghị quán triệt Nghị quyết", "start_date": datetime.date(2023, 5, 10),
                    "attendees": 120, "participants": 100}
        if kind_code == "hoi_nghi":
            defaults["purpose"] = "quan_triet"
        if kind_code == "tin_bai":
            defaults["outlet"] = "Báo Cần Thơ"
        defaults.update(fields)
        return services.activity_create(actor=actor, unit=unit, kind=kind(kind_code), on_behalf=on_behalf,
                                        documents=documents, **defaults)

    return make


@pytest.fixture
def superuser(make_user):
    return make_user(superuser=True, username="root-activities")
