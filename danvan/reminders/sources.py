"""What can fall due: pluggable sources of due items.

Each app that has deadlines registers a *source* under a stable kind (the kind rules name and users mute):

    from danvan.reminders import sources
    sources.register("programme_task", provider, label=_("Nhiệm vụ chương trình công tác"), work_queue=True)

A provider is a callable taking keyword arguments and yielding `DueItem`s:

    provider(*, day, start, end, units=None) -> Iterable[DueItem]

- `day`: the date the reminders are computed for ("today", `core.clock.today()` or `send_reminders --date`);
- `start`, `end`: yield the items still open (not done, not submitted, not closed) whose due date lies in
  [start, end] (both included);
- `units`: None, or a queryset of units: then yield only items whose responsible unit is one of them (the
  home work queue asks for the user's own units; sending re-checks rows of a few units).

A `DueItem` names its responsible unit (whose officers are reminded; the approvers above it when escalated),
its due date, a title and a path on this site, and the record the gatekeeper checks before anyone is told
(`accounts.permissions.can_receive_reminder`; the unit itself when there is no record). Titles go into
e-mail: they must never carry what a recipient may not read (petitions: never a denouncer's identity).

`work_queue=True` shows the source's items of the user's units in the home page's "Việc cần làm" (for
sources whose app does not list them there itself).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from danvan.orgunits.models import OrgUnit


@dataclass(frozen=True)
class DueItem:
    kind: str
    key: str  # stable within the kind: the same record (and step) gives the same key every day
    unit: OrgUnit  # the responsible unit
    due: datetime.date
    title: str
    url: str  # a path on this site ("/don-thu/12/"); e-mails make it absolute with SITE_URL
    record: Any = None  # what the gatekeeper checks; None: the unit
    detail: str = ""  # one more line shown under the title (e.g. the step: "hạn giải quyết")


Provider = Callable[..., Iterable[DueItem]]


@dataclass(frozen=True)
class Source:
    kind: str
    label: Any  # str or lazy translation
    provider: Provider
    work_queue: bool = False
    order: int = 100


_SOURCES: dict[str, Source] = {}


def register(kind: str, provider: Provider, *, label: Any = None, work_queue: bool = False,
             order: int = 100) -> None:
    """Register (or replace) the source of `kind`. Call it from your app's `AppConfig.ready()`."""
    if not kind or len(kind) > 40:
        raise ValueError(f"a reminder kind is 1–40 characters, got {kind!r}")
    _SOURCES[kind] = Source(kind=kind, label=label or kind, provider=provider, work_queue=work_queue, order=order)


def unregister(kind: str) -> None:
    _SOURCES.pop(kind, None)


def get(kind: str) -> Source | None:
    return _SOURCES.get(kind)


def all_sources() -> list[Source]:
    return sorted(_SOURCES.values(), key=lambda source: (source.order, source.kind))


def label_of(kind: str) -> str:
    source = _SOURCES.get(kind)
    return str(source.label) if source else kind


def kind_choices(extra: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(kind, label) for every registered source, plus `extra` kinds named by rules but not registered yet."""
    choices = [(source.kind, str(source.label)) for source in all_sources()]
    known = {kind for kind, _label in choices}
    choices += [(kind, kind) for kind in sorted(set(extra)) if kind and kind not in known]
    return choices


def due_items(kind: str, *, day: datetime.date, start: datetime.date, end: datetime.date,
              units=None) -> list[DueItem]:
    """The items of one source (an unregistered kind has none)."""
    source = _SOURCES.get(kind)
    if source is None:
        return []
    return [item for item in source.provider(day=day, start=start, end=end, units=units)
            if start <= item.due <= end]
