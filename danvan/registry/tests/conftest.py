import datetime

import pytest

from danvan.registry import services
from danvan.registry.models import Field


@pytest.fixture
def kinh_te(db):
    return Field.objects.get(code="kinh_te")


@pytest.fixture
def van_hoa(db):
    return Field.objects.get(code="van_hoa_xa_hoi")


@pytest.fixture
def commune_officer(make_user, commune_cantho):
    return make_user(commune_cantho.key, "officer")


@pytest.fixture
def province_officer(make_user):
    return make_user("VN-92", "officer")


@pytest.fixture
def province_approver(make_user):
    return make_user("VN-92", "approver")


@pytest.fixture
def hanoi_officer(make_user):
    return make_user("VN-01", "officer")


@pytest.fixture
def admin_user(make_user):
    return make_user(None, superuser=True, username="root-registry")


@pytest.fixture
def new_model(kinh_te):
    """new_model(actor, unit, name=..., year=2025, register=True, **data) -> DvkModel."""

    def make(actor, unit, name="Mô hình dân vận khéo", year=2025, register=True, registered_on=None, **data):
        on_behalf = data.pop("on_behalf", False)
        payload = {"name": name, "field": data.pop("field", kinh_te), "subject": data.pop("subject", "tap_the"),
                   **data}
        return services.create_model(actor=actor, unit=unit, year=year, data=payload, register=register,
                                     registered_on=registered_on or (datetime.date(year, 3, 1) if register else None),
                                     on_behalf=on_behalf)

    return make


@pytest.fixture
def recognised_model(new_model, commune_officer, commune_cantho, province_approver):
    """A commune's model recognised by the province in 2025."""

    def make(name="Mô hình được công nhận", subject="tap_the", year=2025, **data):
        model = new_model(commune_officer, commune_cantho, name=name, year=year, subject=subject, **data)
        dvk_year = model.years.get(year=year)
        services.start_assessment(actor=province_approver, dvk_year=dvk_year)
        services.recognise(actor=province_approver, dvk_year=dvk_year, level="province",
                           recognising_body="Ban Thường vụ Thành ủy", decision_number="12-QĐ/TU",
                           decision_date=datetime.date(year, 11, 1))
        return model

    return make
