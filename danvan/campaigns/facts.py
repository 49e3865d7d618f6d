"""The counting rules: which facts each campaign record contributes to the indicators (one function each).

- `campaign.money.received` (đồng): every *receipt* entry of the ledger, including the negative reversals of
  receipts, valued at its amount, on the entry's day, for the receiving unit; category = form (cash/in_kind).
  Pledges contribute `campaign.money.pledged` the same way. Summing the facts therefore equals the ledger.
- `campaign.houses.completed` (căn): a house contributes 1 on its completion day, for its commune, once it is
  completed (or handed over); category = the beneficiary category.
"""

from __future__ import annotations

from danvan.reports.facts import Fact

from .models import House, LedgerEntry

MONEY_RECEIVED = "campaign.money.received"
MONEY_PLEDGED = "campaign.money.pledged"
HOUSES_COMPLETED = "campaign.houses.completed"
LEDGER_SOURCE = "campaigns.ledger"
HOUSE_SOURCE = "campaigns.house"


def ledger_entry_facts(entry: LedgerEntry) -> list[Fact]:
    indicator = MONEY_RECEIVED if entry.kind == LedgerEntry.Kind.RECEIPT else MONEY_PLEDGED
    return [Fact(indicator, unit_id=entry.unit_id, day=entry.day, value=entry.amount, category=entry.form)]


def house_facts(house: House) -> list[Fact]:
    if house.status in (House.Status.COMPLETED, House.Status.HANDED_OVER) and house.completed_on:
        return [Fact(HOUSES_COMPLETED, unit_id=house.unit_id, day=house.completed_on, value=1,
                     category=house.beneficiary_category)]
    return []
