"""Tables sorted by their headers, on the server, with the order in the URL (`?sap_xep=-ngay`).

A view lists the sortable columns as {URL name: ordering field(s)}; `sort(request, qs, columns, default)`
orders the queryset and returns the state the `sort_header` template tag needs. Unknown names fall back to
the default, so a hand-edited URL never errors.
"""

from __future__ import annotations

from dataclasses import dataclass

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
