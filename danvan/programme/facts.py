"""THE counting rule of a programme item: which facts it contributes to the reporting engine.

Only items of an approved programme count; a dropped item (dừng thực hiện, with its reason on record)
leaves the programme and is not counted. The unit is the programme's unit (its completion rolls up through
the tree like every record); the day is the item's deadline, kept inside the programme's reporting year and
the unit's lifetime (an item without a deadline, or due after the year, counts on the year's last day), so a
done item always
counts in the same period as the item itself and "done" never exceeds "planned". The category is who
assigned the item (bct_bbt, cap_uy, don_vi).

| indicator | when | category |
|---|---|---|
| programme.tasks | a key task (nhiệm vụ trọng tâm) | assigned_by |
| programme.tasks.done | a key task whose status is done | assigned_by |
| project.assigned | an assigned project (đề án) | assigned_by |
| project.done | a project whose status is done | assigned_by |
"""

from __future__ import annotations

import datetime

from danvan.reports.facts import Fact, replace_facts, replace_facts_bulk

from .models import Programme, ProgrammeItem

SOURCE = "programme.item"
TASKS, TASKS_DONE, PROJECTS, PROJECTS_DONE = "programme.tasks", "programme.tasks.done", "project.assigned", \
    "project.done"
CODES = [TASKS, TASKS_DONE, PROJECTS, PROJECTS_DONE]


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """The programme year's first and last day (the engine's reporting year, settings.REPORTING_YEAR_START)."""
    from danvan.reports.periods import YEAR, make_period

    period = make_period(YEAR, year)
    return period.start, period.end


def fact_day(item: ProgrammeItem, programme: Programme) -> datetime.date:
    """The deadline, kept inside the programme year and the days its unit existed (the engine drops facts of a
    unit outside its lifetime: a commune created on 1/7/2025 counts its 2025 items from that day)."""
    start, end = year_bounds(programme.year)
    unit = programme.unit
    if unit.valid_from and unit.valid_from > start:
        start = min(unit.valid_from, end)
    if unit.valid_to and unit.valid_to < end:
        end = max(unit.valid_to, start)
    day = item.deadline or end
    return min(max(day, start), end)


def item_facts(item: ProgrammeItem, programme: Programme | None = None) -> list[Fact]:
    programme = programme or item.programme
    if programme.status != Programme.Status.APPROVED or item.status == ProgrammeItem.Status.DROPPED:
        return []
    planned, done = (TASKS, TASKS_DONE) if item.kind == ProgrammeItem.Kind.TASK else (PROJECTS, PROJECTS_DONE)
    common = {"unit_id": programme.unit_id, "day": fact_day(item, programme), "category": item.assigned_by}
    facts = [Fact(planned, **common)]
    if item.status == ProgrammeItem.Status.DONE:
        facts.append(Fact(done, **common))
    return facts


def sync_item(item: ProgrammeItem) -> None:
    replace_facts(source=SOURCE, source_id=item.pk, facts=item_facts(item))


def sync_items(items, programme: Programme | None = None) -> None:
    replace_facts_bulk(source=SOURCE, facts_by_id={item.pk: item_facts(item, programme) for item in items})


def sync_programme(programme: Programme) -> None:
    sync_items(list(programme.items.all()), programme)


def delete_item_facts(item_id: int) -> None:
    replace_facts(source=SOURCE, source_id=item_id, facts=[])


def delete_items_facts(item_ids: list[int]) -> None:
    replace_facts_bulk(source=SOURCE, facts_by_id={pk: [] for pk in item_ids})
