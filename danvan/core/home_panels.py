"""Panels and the work queue ("Việc cần làm") on a unit's home page.

Apps register a callable(request, unit) returning safe HTML, a (title, html) pair, or None to show nothing.
Work-queue providers are callables(request, unit) returning a list of `WorkItem`s; each app builds its
items from its own selectors, scoped by the gatekeeper. Providers and panels may depend on the user, the unit,
the language and the date only: `for_home` caches what they return on those and the records version.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import mark_safe

_PANELS: list[tuple[int, Callable]] = []


def register(render: Callable, order: int = 100) -> None:
    if all(existing is not render for _o, existing in _PANELS):
        _PANELS.append((order, render))


def render_all(request, unit) -> list:
    panels = []
    for _order, render in sorted(_PANELS, key=lambda item: item[0]):
        panel = render(request, unit)
        if isinstance(panel, tuple):
            title, body = panel
            panel = format_html("<h2>{}</h2>{}", title, mark_safe(body))  # noqa: S308 (body is app-rendered HTML)
        if panel:
            panels.append(panel)
    return panels


# --- work queue (issue 15) ------------------------------------------------------------------------

@dataclass(frozen=True)
class WorkItem:
    """One line of "Việc cần làm": what is waiting, how many, where to act."""

    label: str
    count: int
    url: str
    urgent: bool = False  # late or past a legal deadline: shown first, marked
    notes: tuple[str, ...] = ()  # e.g. the note of a returned report


_QUEUES: list[tuple[int, Callable]] = []


def register_queue(provider: Callable, order: int = 100) -> None:
    if all(existing is not provider for _o, existing in _QUEUES):
        _QUEUES.append((order, provider))


def work_queue(request, unit) -> list[WorkItem]:
    """Every provider's items with a count, urgent ones first, otherwise in provider order."""
    items: list[WorkItem] = []
    for _order, provider in sorted(_QUEUES, key=lambda item: item[0]):
        items.extend(item for item in provider(request, unit) or [] if item.count)
    return sorted(items, key=lambda item: not item.urgent)


HOME_CACHE_SECONDS = 60  # items that age by the hour ("due soon") are at most this late


def for_home(request, unit) -> tuple[list[WorkItem], list]:
    """The work queue and the panels of `unit` for this user, cached until any record changes (then recomputed
    on the next visit) and for at most HOME_CACHE_SECONDS: about 20 small queries saved on every home page."""
    from django.core.cache import cache
    from django.utils import timezone
    from django.utils.translation import get_language

    from . import freshness

    parts = (request.user.pk, getattr(unit, "pk", 0), get_language(), timezone.localdate(), freshness.version())
    key = "home:" + ":".join(str(part) for part in parts)
    found = cache.get(key)
    if found is None:
        found = (work_queue(request, unit), render_all(request, unit) if unit is not None else [])
        cache.set(key, found, HOME_CACHE_SECONDS)
    return found
