"""Shared fixtures. The whole country (14.136 units) is loaded once per test database."""

import io

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from danvan.orgunits.models import OrgUnit

    with django_db_blocker.unblock():
        if not OrgUnit.objects.filter(key="VN-01-00004").exists():
            call_command("load_units", verbosity=0, stdout=io.StringIO())


@pytest.fixture
def unit(db):
    from danvan.orgunits.models import OrgUnit

    def get(key: str) -> OrgUnit:
        return OrgUnit.objects.get(key=key)

    return get


@pytest.fixture
def make_user(db):
    """make_user("VN-92", "officer") -> a user with that membership (password "pw-danvan-123")."""
    from danvan.accounts.models import Membership, User
    from danvan.orgunits.models import OrgUnit

    counter = {"n": 0}

    def make(unit_key: str | None = None, role: str = "officer", *, superuser: bool = False, username=None):
        counter["n"] += 1
        user = User.objects.create_user(
            username=username or f"u{counter['n']}-{role}-{unit_key or 'none'}".lower(),
            password="pw-danvan-123", full_name=f"Người dùng {counter['n']}", is_superuser=superuser,
        )
        if unit_key:
            Membership.objects.create(user=user, unit=OrgUnit.objects.get(key=unit_key), role=role)
        return user

    return make


@pytest.fixture
def client_for(client):
    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def commune_cantho(db):
    """A 2025 commune of Cần Thơ (Phường Ninh Kiều)."""
    from danvan.orgunits.models import OrgUnit

    return OrgUnit.objects.get(parent__key="VN-92", name="Phường Ninh Kiều", valid_to__isnull=True)
