"""Schemathesis against the committed OpenAPI schema, in-process over WSGI, as a signed-in user with a token.

Checks: no 5xx, and every response (errors included) matches the schema (FUZZ_SCHEMA_STRICT=0: no 5xx only).
Bounded and reproducible: a few examples per operation, a fixed seed (derandomized), no deadline. Run by `.ci/api.sh`
(not collected by `make test`; testpaths is danvan/):

    DJANGO_SETTINGS_MODULE=config.settings_test .venv/bin/python -m pytest -q fuzz/
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

ROOT = Path(__file__).resolve().parent.parent
schema = schemathesis.openapi.from_path(ROOT / "docs" / "openapi.yaml")
schema.config.update(base_url="http://localhost")
schema.app = get_wsgi_application()  # requests go straight into Django, no server
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
# Phases: the schema's own examples and generated (fuzzed) requests. FUZZ_COVERAGE=1 adds schemathesis' coverage
# phase: boundary and invalid values of every parameter and field, and every unexpected HTTP method (dozens of
# requests per operation, ~20 minutes on the shared machine; `make api-fuzz-full`).
PHASES = ["examples", "fuzzing"] + (["coverage"] if os.environ.get("FUZZ_COVERAGE") == "1" else [])
schema.config.phases.update(phases=PHASES)
# "No server error" always fails the run; response-schema conformance (status code documented, body and
# headers matching the schema, errors included) fails it too, unless FUZZ_SCHEMA_STRICT=0.
CHECKS = [not_a_server_error, response_schema_conformance] if os.environ.get("FUZZ_SCHEMA_STRICT", "1") == "1" \
    else [not_a_server_error]


@pytest.fixture
def token(settings):
    """An approver of Cần Thơ with a token, and a little data of theirs for the reads to find (made in each
    test's rolled-back transaction: data committed here would stay in the reused test database)."""
    from danvan.accounts.models import Membership, User
    from danvan.accounts.tokens import api_token_create
    from danvan.orgunits.models import OrgUnit
    from danvan.reports.services import datavalue_set

    settings.ALLOWED_HOSTS = ["*"]
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
    user, created = User.objects.get_or_create(username="fuzz", defaults={"full_name": "Kiểm thử API"})
    unit = OrgUnit.objects.get(key="VN-92")
    if created:
        Membership.objects.create(user=user, unit=unit, role=Membership.Role.APPROVER)
        datavalue_set(actor=user, unit=unit, period="2023", indicator="dialogue", value=3)
    return api_token_create(actor=user, user=user, name=f"fuzz-{User.objects.count()}")[1]


@pytest.fixture(autouse=True)
def keep_test_connection():
    """A WSGI request closes "old" connections when it ends; the test's transaction must survive it
    (Django's own test client does the same)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          phases=[Phase.explicit, Phase.generate],
          suppress_health_check=list(HealthCheck))
def test_api(case, token):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"},
                           checks=CHECKS)
