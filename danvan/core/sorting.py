"""Tables sorted by their headers, on the server, with the order in the URL (`?sap_xep=-ngay`).

A view lists the sortable columns as {URL name: ordering field(s)}; `sort(request, qs, columns, default)`
orders the queryset and returns the state the `sort_header` template tag needs. Unknown names fall back to
the default, so a hand-edited URL never errors.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

PARAM = "sap_xep"


@dataclass
class SortState:
    column: str
    descending: bool
    param: str = PARAM


def sort(request, qs: QuerySet, columns: dict[str, str | tuple[str, ...]], default: str) -> tuple[QuerySet, SortState]:
    """Order `qs` by ?sap_xep=<name> or -<name>; the pk breaks ties so pages never overlap."""
    wanted = request.GET.get(PARAM, "") or default
    descending = wanted.startswith("-")
    name = wanted.lstrip("-")
    if name not in columns:
        descending, name = default.startswith("-"), default.lstrip("-")
    fields = columns[name]
    fields = (fields,) if isinstance(fields, str) else fields
    ordering = [("-" + f if descending else f) for f in fields] + (["-pk"] if descending else ["pk"])
    return qs.order_by(*ordering), SortState(name, descending)


def sort_rows(request, rows: Sequence, columns: dict[str, Callable[[Any], Any]], default: str
              ) -> tuple[list, SortState]:
    """The same for rows computed in Python (a board of units): `columns` maps a URL name to a key function.
    Empty values go last whichever the direction."""
    wanted = request.GET.get(PARAM, "") or default
    descending, name = wanted.startswith("-"), wanted.lstrip("-")
    if name not in columns:
        descending, name = default.startswith("-"), default.lstrip("-")
    key = columns[name]
    present = [row for row in rows if key(row) not in (None, "")]
    empty = [row for row in rows if key(row) in (None, "")]
    return sorted(present, key=key, reverse=descending) + empty, SortState(name, descending)
