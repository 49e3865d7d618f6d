"""After an upgrade nothing has to be remembered (issue 10): `migrate` re-derives the facts of a counting rule
that changed and rebuilds roll-ups that became unusable; the system check reports.W001 says so while it is
pending (when the automatic step is switched off)."""

import datetime
import io

import pytest
from django.core.checks import run_checks
from django.core.management import call_command

from danvan.reports import rollups, selectors
from danvan.reports.models import FactRuleVersion, RecordFact

from .helpers import add_fact

pytestmark = pytest.mark.django_db


def _warnings() -> list[str]:
    return [message.id for message in run_checks(databases=["default"]) if message.id == "reports.W001"]


@pytest.fixture
def old_database(unit):
    """A database as an older release left it: registry facts without `dvk.recognised.by_level` (counting rule
    version 1), and roll-ups marked unusable by a migration."""
    from danvan.accounts.models import User
    from danvan.registry import services
    from danvan.registry.models import DvkYear, Field

    officer = User.objects.create_superuser("upkeep-root", "root@example.org", "x")
    commune = unit("VN-92").children.filter(valid_to__isnull=True).order_by("path").first()
    model = services.create_model(actor=officer, unit=commune, year=2025, register=True,
                                  registered_on=datetime.date(2025, 3, 1),
                                  data={"name": "Mô hình cũ", "field": Field.objects.get(code="kinh_te"),
                                        "subject": "tap_the"})
    year = DvkYear.objects.get(model=model, year=2025)
    DvkYear.objects.filter(pk=year.pk).update(status=DvkYear.Status.RECOGNISED, recognised_on=datetime.date(2025, 9, 1),
                                              recognised_year=2025, recognition_level="province")
    from danvan.registry.rules import sync_facts

    sync_facts(model)
    RecordFact.objects.filter(indicator="dvk.recognised.by_level").delete()  # what version 1 stored
    FactRuleVersion.objects.update_or_create(source="registry.model", defaults={"version": 1})
    add_fact("media", unit("VN-92"), datetime.date(2025, 5, 1), value=7)
    rollups.invalidate()
    return unit("VN-92")


def test_migrate_brings_facts_and_rollups_up_to_date(old_database):
    assert not rollups.usable()
    assert _warnings() == ["reports.W001"]
    out = io.StringIO()
    call_command("migrate", verbosity=1, stdout=out, interactive=False)
    assert "facts of registry.model re-derived" in out.getvalue() and "roll-ups rebuilt" in out.getvalue()
    assert rollups.usable() and _warnings() == []
    assert FactRuleVersion.objects.get(source="registry.model").version == 2
    # The re-derived facts count, and the year figures come from the rebuilt roll-ups.
    figures = selectors.figures(unit=old_database, period="2025", indicators=["dvk.recognised.by_level", "media"])
    assert figures == {"dvk.recognised.by_level": 1, "media": 7}
    assert selectors.annual_figures(unit=old_database, year=2025)["as_of"] is not None


def test_with_the_automatic_step_off_the_check_warns_until_rebuild_rollups(old_database, settings):
    settings.ROLLUPS_REBUILD_ON_MIGRATE = False
    call_command("migrate", verbosity=0, stdout=io.StringIO(), interactive=False)
    assert not rollups.usable() and _warnings() == ["reports.W001"]
    # Readers are still right meanwhile (live computation), only the new split is missing.
    assert selectors.figures(unit=old_database, period="2025", indicators=["media"])["media"] == 7
    call_command("rebuild_rollups", stdout=io.StringIO())
    assert rollups.usable() and _warnings() == []
    assert selectors.figures(unit=old_database, period="2025",
                             indicators=["dvk.recognised.by_level"])["dvk.recognised.by_level"] == 1


def test_a_fresh_database_is_up_to_date():
    assert _warnings() == []
    assert set(FactRuleVersion.objects.values_list("source", flat=True)) >= {
        "registry.model", "petitions.case", "campaigns.ledger", "campaigns.house", "campaigns.progress"}
