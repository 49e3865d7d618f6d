"""The counting rule of a case: which facts it gives the reporting engine.

Every figure of the petitions statistics page, its API and the dashboards is read from these facts through the
engine (`reports.selectors`), so it is the number of every other surface.

- petition.received (day = receipt date, category = kind) — once per matter: a case merged as a
  duplicate gives nothing, and a case transferred to a unit inside the system gives nothing
  because the linked case at the receiving unit counts instead (no double count in a roll-up).
  A case transferred to a body outside the system still counts where it was received.
- petition.received.by_field (same day and rule, category = lĩnh vực) and petition.received.mass (same day
  and rule, only cases sent by a crowd: "đoàn đông người").
- petition.accepted (day = acceptance date, category = kind) for a case that was accepted (thụ lý);
  petition.not_accepted (day = the day it was refused, category = kind) for a case not accepted.
- petition.resolved (day = decision date, category = "on_time" | "late") for a case with a
  decision; on time when decided on or before the resolution deadline (or when no legal
  deadline applies).
"""

from __future__ import annotations

from danvan.reports.facts import Fact, replace_facts, replace_facts_bulk

from ..models import Case

SOURCE = "petitions.case"
RECEIVED, RECEIVED_BY_FIELD, RECEIVED_MASS = "petition.received", "petition.received.by_field", "petition.received.mass"
ACCEPTED, NOT_ACCEPTED, RESOLVED = "petition.accepted", "petition.not_accepted", "petition.resolved"
CODES = [RECEIVED, RECEIVED_BY_FIELD, RECEIVED_MASS, ACCEPTED, NOT_ACCEPTED, RESOLVED]


def case_facts(case: Case) -> list[Fact]:
    if case.status == Case.Status.MERGED:
        return []
    if case.status == Case.Status.TRANSFERRED and case.transferred_case_id:
        return []
    facts = [Fact(RECEIVED, case.unit_id, case.received_on, category=case.kind),
             Fact(RECEIVED_BY_FIELD, case.unit_id, case.received_on, category=case.field)]
    if case.petitioner_type == Case.PetitionerType.MASS:
        facts.append(Fact(RECEIVED_MASS, case.unit_id, case.received_on, category=case.kind))
    if case.accepted_on is not None:
        facts.append(Fact(ACCEPTED, case.unit_id, case.accepted_on, category=case.kind))
    if case.status == Case.Status.NOT_ACCEPTED and case.ended_on is not None:
        facts.append(Fact(NOT_ACCEPTED, case.unit_id, case.ended_on, category=case.kind))
    if case.decided_on is not None:
        facts.append(Fact(RESOLVED, case.unit_id, case.decided_on,
                          category="on_time" if case.resolved_on_time else "late"))
    return facts


def sync_case_facts(case: Case) -> None:
    replace_facts(source=SOURCE, source_id=case.pk, facts=case_facts(case))


def rebuild_case_facts(batch: int = 5000) -> int:
    """Recompute the facts of every case by the rule above (after the rule changed); returns the cases seen."""
    from django.db import transaction

    total, last = 0, 0
    while True:
        cases = list(Case.objects.filter(pk__gt=last).order_by("pk")[:batch])
        if not cases:
            return total
        with transaction.atomic():
            replace_facts_bulk(source=SOURCE, facts_by_id={case.pk: case_facts(case) for case in cases})
        total += len(cases)
        last = cases[-1].pk
