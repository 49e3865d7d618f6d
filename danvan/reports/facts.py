"""The contract between record apps and the reporting engine.

A record app decides, in one place per record type (its counting rule), which facts a record
contributes, and calls `replace_facts` from every service that creates, changes or deletes such
a record — inside the same transaction. Example (the registry):

    replace_facts(source="registry.model", source_id=model.pk, facts=[
        Fact("dvk.registered", unit_id=model.unit_id, day=registration_date, sector="mttq",
             category="kinh_te"),
    ])

`category` is the indicator's own breakdown (a field, a kind, a form of award…); `sector` is the
sector (khối) code. Values are counts (default 1) or amounts (VND, attendees).
Listeners registered with `on_facts_changed` (the roll-up maintainer) receive every change.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from .models import RecordFact


@dataclass(frozen=True)
class Fact:
    indicator: str
    unit_id: int
    day: datetime.date
    value: Decimal | int = 1
    category: str = ""
    sector: str = ""
    level: str = ""  # "" = the level of the unit; set to override (a joint event counted at another level)

    def key(self) -> tuple:
        return (self.indicator, self.unit_id, self.day, self.category, self.sector, self.level)


_LISTENERS: list[Callable[[list[Fact], list[Fact]], None]] = []


def on_facts_changed(listener: Callable[[list[Fact], list[Fact]], None]) -> None:
    """Register listener(removed, added); called inside the writing transaction."""
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def _as_fact(row: RecordFact) -> Fact:
    return Fact(row.indicator, row.unit_id, row.day, row.value, row.category, row.sector, row.level)


def replace_facts(*, source: str, source_id: int, facts: Iterable[Fact]) -> None:
    """Make the stored facts of (source, source_id) equal to `facts`."""
    replace_facts_bulk(source=source, facts_by_id={source_id: list(facts)})


def replace_facts_bulk(*, source: str, facts_by_id: dict[int, list[Fact]]) -> None:
    """The same for many records of one source at once (imports, benchmarks)."""
    if not facts_by_id:
        return
    ids = list(facts_by_id)
    removed: list[Fact] = []
    old_rows = []
    for start in range(0, len(ids), 5000):
        old_rows.extend(RecordFact.objects.filter(source=source, source_id__in=ids[start:start + 5000]))
    old_by_id: dict[int, list[RecordFact]] = {}
    for row in old_rows:
        old_by_id.setdefault(row.source_id, []).append(row)
    to_delete, to_create, added = [], [], []
    for source_id, new_facts in facts_by_id.items():
        old = old_by_id.get(source_id, [])
        old_facts = sorted((_as_fact(r) for r in old), key=repr)
        new_sorted = sorted((Fact(f.indicator, f.unit_id, f.day, Decimal(f.value), f.category, f.sector, f.level)
                             for f in new_facts), key=repr)
        if old_facts == new_sorted:
            continue
        to_delete.extend(r.pk for r in old)
        removed.extend(old_facts)
        added.extend(new_sorted)
        to_create.extend(
            RecordFact(source=source, source_id=source_id, indicator=f.indicator, unit_id=f.unit_id, day=f.day,
                       category=f.category, sector=f.sector, level=f.level, value=f.value)
            for f in new_sorted
        )
    for start in range(0, len(to_delete), 5000):
        RecordFact.objects.filter(pk__in=to_delete[start:start + 5000]).delete()
    RecordFact.objects.bulk_create(to_create, batch_size=5000)
    if removed or added:
        for listener in _LISTENERS:
            listener(removed, added)


def delete_facts(*, source: str, source_id: int) -> None:
    replace_facts(source=source, source_id=source_id, facts=[])


# --- versions of the counting rules (re-derive facts after an upgrade) ------------------------------------------

@dataclass(frozen=True)
class FactRule:
    """A record app's counting rule for one fact source: `version` grows whenever what its records contribute
    changes; `rebuild()` re-derives every fact of the source (returns how many records it read); `model` is
    the record model (nothing is re-derived while its table does not exist yet)."""

    source: str
    version: int
    rebuild: Callable[[], int]
    model: type


_RULES: dict[str, FactRule] = {}


def register_rule(*, source: str, version: int, rebuild: Callable[[], int], model: type) -> None:
    """Call from the app's AppConfig.ready(). Raising `version` makes the next `migrate` re-derive the source's
    facts and rebuild the roll-ups (`reports.upkeep.bring_up_to_date`), so an upgrade cannot forget it."""
    _RULES[source] = FactRule(source, version, rebuild, model)


def registered_rules() -> dict[str, FactRule]:
    return dict(_RULES)
