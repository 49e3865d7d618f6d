import datetime

import pytest

from danvan.commendations import services
from danvan.commendations.models import AwardForm, Commendation


@pytest.fixture
def award(db):
    def get(code: str) -> AwardForm:
        return AwardForm.objects.get(code=code)

    return get


@pytest.fixture
def superuser(make_user):
    return make_user(superuser=True, username="root-commendations")


@pytest.fixture
def draft(unit, award):
    """draft(actor, unit_key, **fields) -> a draft nomination through the service."""

    def make(actor, unit_key="VN-92", **fields):
        target = fields.pop("unit", None) or unit(unit_key)
        defaults = {"recipient_type": "individual", "recipient_name": "Nguyễn Văn An",
                    "form": award("bang_khen_tinh"), "period_start_year": 2025}
        defaults.update(fields)
        return services.commendation_create(actor=actor, unit=target, **defaults)

    return make


@pytest.fixture
def decided(draft, superuser):
    """decided(unit_or_key, day, recipient_type=..., form=...) -> a commendation taken through the whole flow."""
    counter = {"n": 0}

    def make(target, day: datetime.date, recipient_type="individual", form=None, **fields):
        counter["n"] += 1
        kwargs = {"recipient_type": recipient_type, "recipient_name": f"Người / tập thể {counter['n']}",
                  "period_start_year": day.year}
        if form is not None:
            kwargs["form"] = form
        kwargs.update(fields)
        if isinstance(target, str):
            obj = draft(superuser, target, **kwargs)
        else:
            obj = draft(superuser, unit=target, **kwargs)
        services.commendation_propose(actor=superuser, commendation=obj)
        services.commendation_approve(actor=superuser, commendation=obj)
        return services.commendation_decide(actor=superuser, commendation=obj, decision_number=f"{counter['n']}/QĐ",
                                            decision_date=day)

    return make


@pytest.fixture
def count_rows(db):
    def count() -> int:
        return Commendation.objects.count()

    return count
