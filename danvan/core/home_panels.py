"""Panels on a unit's home page. Apps register a callable(request, unit) -> (title, html) | None."""

from __future__ import annotations

from collections.abc import Callable

_PANELS: list[tuple[int, Callable]] = []


def register(render: Callable, order: int = 100) -> None:
    if all(existing is not render for _o, existing in _PANELS):
        _PANELS.append((order, render))


def render_all(request, unit) -> list:
    panels = []
    for _order, render in sorted(_PANELS, key=lambda item: item[0]):
        panel = render(request, unit)
        if panel:
            panels.append(panel)
    return panels
