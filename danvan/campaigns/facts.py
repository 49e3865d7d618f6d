"""The counting rules: which facts each campaign record contributes to the indicators (one function each).

Every figure of the progress pages, their exports, the API, the dashboards and the annual report's campaign
lines is read from these facts through the reporting engine (`reports.selectors.record_figures` for one
campaign), so it is the number of every other surface.

- `campaign.money.received` (đồng): every *receipt* entry of the ledger, including the negative reversals of
  receipts, valued at its amount, on the entry's day, for the receiving unit; category = form (cash/in_kind).
  Pledges contribute `campaign.money.pledged` the same way. Summing the facts therefore equals the ledger.
- `campaign.houses.started` / `.completed` / `.handed_over` (căn): a house contributes 1 to each stage it has
  reached, on the day it reached it (started, completed, handed over), for its commune; category = the
  beneficiary category. A house "completed" is completed or handed over (the stages follow each other).
- `campaign.participants` (người): a reported result of the participants metric (`ProgressEntry`), its value on
  its day for the reporting unit (corrections are negative entries).
"""

from __future__ import annotations

from danvan.reports.facts import Fact

from .models import House, LedgerEntry, ProgressEntry

MONEY_RECEIVED = "campaign.money.received"
MONEY_PLEDGED = "campaign.money.pledged"
HOUSES_STARTED = "campaign.houses.started"
HOUSES_COMPLETED = "campaign.houses.completed"
HOUSES_HANDED_OVER = "campaign.houses.handed_over"
PARTICIPANTS = "campaign.participants"
LEDGER_SOURCE = "campaigns.ledger"
HOUSE_SOURCE = "campaigns.house"
PROGRESS_SOURCE = "campaigns.progress"
RULE_VERSION = 2  # 2: house stages started / handed over, participants (issue 10)


def ledger_entry_facts(entry: LedgerEntry) -> list[Fact]:
    indicator = MONEY_RECEIVED if entry.kind == LedgerEntry.Kind.RECEIPT else MONEY_PLEDGED
    return [Fact(indicator, unit_id=entry.unit_id, day=entry.day, value=entry.amount, category=entry.form)]


def house_facts(house: House) -> list[Fact]:
    reached = House.ORDER.index(house.status)
    facts = []
    for index, (code, day) in enumerate(((HOUSES_STARTED, house.started_on), (HOUSES_COMPLETED, house.completed_on),
                                         (HOUSES_HANDED_OVER, house.handed_over_on)), start=1):
        if reached >= index and day:
            facts.append(Fact(code, unit_id=house.unit_id, day=day, value=1, category=house.beneficiary_category))
    return facts


def progress_entry_facts(entry: ProgressEntry) -> list[Fact]:
    if entry.metric != "participants":
        return []  # a campaign's own measures (custom metrics) are not catalogue indicators
    return [Fact(PARTICIPANTS, unit_id=entry.unit_id, day=entry.day, value=entry.value)]


SOURCES = {LEDGER_SOURCE: (LedgerEntry, ledger_entry_facts), HOUSE_SOURCE: (House, house_facts),
           PROGRESS_SOURCE: (ProgressEntry, progress_entry_facts)}


def rebuild_facts(source: str, batch: int = 5000) -> int:
    """Re-derive the facts of every record of one source (run by `reports.upkeep` when RULE_VERSION grows)."""
    from django.db import transaction

    from danvan.reports.facts import replace_facts_bulk

    model, derive = SOURCES[source]
    total, last = 0, 0
    while True:
        rows = list(model.objects.filter(pk__gt=last).order_by("pk")[:batch])
        if not rows:
            return total
        with transaction.atomic():
            replace_facts_bulk(source=source, facts_by_id={row.pk: derive(row) for row in rows})
        total += len(rows)
        last = rows[-1].pk
