import datetime

import pytest

from danvan.orgunits.models import OrgUnit, UnitSuccession
from danvan.prestige import services
from danvan.prestige.models import EthnicGroup

NEW_COMMUNE = "VN-92-31679"  # Xã Lịch Hội Thượng, Cần Thơ (from 1/7/2025)


@pytest.fixture
def commune(db):
    return OrgUnit.objects.get(key=NEW_COMMUNE)


@pytest.fixture
def former(commune):
    """A commune of the former Sóc Trăng province (Huyện Trần Đề) merged into the new commune."""
    link = UnitSuccession.objects.filter(successor=commune, predecessor__name="Xã Lịch Hội Thượng").first()
    return link.predecessor


@pytest.fixture
def ethnic(db):
    def get(code: str) -> EthnicGroup:
        return EthnicGroup.objects.get(code=code)

    return get


@pytest.fixture
def commune_officer(make_user):
    return make_user(NEW_COMMUNE, "officer")


@pytest.fixture
def province_officer(make_user):
    return make_user("VN-92", "officer")


@pytest.fixture
def central_officer(make_user):
    return make_user("VN", "officer")


@pytest.fixture
def make_person(commune, ethnic):
    """make_person(actor, **fields) -> a person recognised in the new commune (on behalf when the actor is above)."""
    counter = {"n": 0}

    def make(actor, **fields):
        counter["n"] += 1
        defaults = {
            "unit": commune, "full_name": f"Thạch Văn {counter['n']}", "birth_year": 1960, "sex": "nam",
            "ethnic_group": ethnic("05"), "village": "Ấp Lịch Hội", "role": "chuc_sac",
            "decision_number": f"{counter['n']}/QĐ-UBND", "decision_date": datetime.date(2025, 9, 10),
        }
        defaults.update(fields)
        unit = defaults.pop("unit")
        return services.person_create(actor=actor, unit=unit, on_behalf=True, **defaults)

    return make
