import pytest
from django.core.management import call_command

from danvan.activities.demo import load_demo_data
from danvan.activities.models import Activity, Commitment, DisseminationRequirement, Document
from danvan.core.demo import load_accounts
from danvan.core.models import AuditEvent
from danvan.reports.models import RecordFact

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_shows_overdue_and_dissemination():
    load_accounts()
    load_demo_data()
    counts = (Activity.objects.count(), Document.objects.count(), Commitment.objects.count(),
              AuditEvent.objects.count(), RecordFact.objects.count())
    assert counts[0] >= 8 and counts[2] == 2
    load_demo_data()
    assert counts == (Activity.objects.count(), Document.objects.count(), Commitment.objects.count(),
                      AuditEvent.objects.count(), RecordFact.objects.count())
    from danvan.activities import selectors

    later = Activity.objects.get(external_ref="DEMO-DT-02")
    assert [c.content for c in selectors.overdue_commitments_before(later)] == [
        "Nâng cấp, nâng cao cốt nền tuyến đường trước mùa triều cường"]
    requirement = DisseminationRequirement.objects.get()
    status = selectors.document_status(requirement.document, requirement.unit)
    assert status["disseminated"] == 2 and status["overdue"] == status["required"] - 2
    call_command("rebuild_activity_facts", stdout=__import__("io").StringIO())
    assert RecordFact.objects.count() == counts[4]
