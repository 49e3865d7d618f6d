"""Panels on a unit's home page.

Apps register a callable(request, unit) returning safe HTML, a (title, html) pair, or None to show nothing.
"""

from __future__ import annotations

from collections.abc import Callable

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
