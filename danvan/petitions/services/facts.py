"""The counting rule of a case: which facts it gives the reporting engine.

- petition.received (day = receipt date, category = kind) — once per matter: a case merged as a
  duplicate gives nothing, and a case transferred to a unit inside the system gives nothing
  because the linked case at the receiving unit counts instead (no double count in a roll-up).
  A case transferred to a body outside the system still counts where it was received.
- petition.resolved (day = decision date, category = "on_time" | "late") for a case with a
  decision; on time when decided on or before the resolution deadline (or when no legal
  deadline applies).
"""

from __future__ import annotations

from danvan.reports.facts import Fact, replace_facts

from ..models import Case

SOURCE = "petitions.case"


def case_facts(case: Case) -> list[Fact]:
    if case.status == Case.Status.MERGED:
        return []
    if case.status == Case.Status.TRANSFERRED and case.transferred_case_id:
        return []
    facts = [Fact("petition.received", case.unit_id, case.received_on, category=case.kind)]
    if case.decided_on is not None:
        facts.append(Fact("petition.resolved", case.unit_id, case.decided_on,
                          category="on_time" if case.resolved_on_time else "late"))
    return facts


def sync_case_facts(case: Case) -> None:
    replace_facts(source=SOURCE, source_id=case.pk, facts=case_facts(case))
