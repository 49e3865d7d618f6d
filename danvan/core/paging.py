"""One paginator for every list page: no COUNT(*) over the listed table (issue 16).

Django's Paginator counts the whole filtered queryset on every page; at 200.000 petitions that count was
61 of 83 ms of the page and grew linearly with the table. Here a page fetches `size + 1` rows: the extra
row says whether a next page exists. The total is shown when it is free (the last page is reached); an
unfiltered list on PostgreSQL shows the planner's estimate ("khoảng …"), which costs one EXPLAIN, not a scan.

The returned page quacks like django.core.paginator.Page for the templates (iteration, has_next,
next_page_number, …), so `templates/includes/pagination.html` serves both.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connections
from django.db.models import QuerySet

# Query-string keys that only order or page a list: a list with nothing else is "unfiltered".
NON_FILTER_KEYS = frozenset({"page", "sort", "sap_xep", "order", "o", "dir"})


class LookaheadPage(Sequence):
    """One page of rows, knowing only whether there is a next one (and the total when it is free)."""

    def __init__(self, rows: list, number: int, size: int, has_next: bool, estimate: int | None = None,
                 query: str = ""):
        self.object_list = rows
        self.number = number
        self.size = size
        self._has_next = has_next
        self.estimate = estimate
        self.query = query  # the list's query string without ?page=, for the page links

    def __len__(self) -> int:
        return len(self.object_list)

    def __getitem__(self, index):
        return self.object_list[index]

    def __iter__(self):
        return iter(self.object_list)

    def has_next(self) -> bool:
        return self._has_next

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def start_index(self) -> int:
        return (self.number - 1) * self.size + 1 if self.object_list else 0

    def end_index(self) -> int:
        return (self.number - 1) * self.size + len(self.object_list)

    @property
    def total(self) -> int | None:
        """The exact number of rows when known without counting: on the last page (or an empty first page)."""
        if self._has_next or (not self.object_list and self.number > 1):
            return None
        return self.end_index()


def page_number(value: Any) -> int:
    """?page= as a bounded int (core.params): nonsense gives the first page, never a huge OFFSET."""
    from danvan.core.params import page_param

    return page_param(value)


def is_unfiltered(query: Any) -> bool:
    """True when a request's query string only pages or sorts (no filter the planner cannot estimate well)."""
    return not any(value for key, value in query.items() if key not in NON_FILTER_KEYS)


def paginate(request, rows: QuerySet | Iterable, size: int = 50, *, estimate: bool | None = None) -> LookaheadPage:
    """The page named by ?page= of `rows` (a queryset or a list), fetching at most size + 1 rows.

    `estimate`: show the planner's row estimate when more pages follow; by default only for unfiltered
    lists (a user's scope is still applied; filtered lists show "dòng a–b" and "Sau »").
    """
    number = page_number(request.GET.get("page"))
    start = (number - 1) * size
    fetched = list(rows[start:start + size + 1])
    has_next = len(fetched) > size
    query = request.GET.copy()
    query.pop("page", None)
    page = LookaheadPage(fetched[:size], number, size, has_next, query=query.urlencode())
    if has_next and isinstance(rows, QuerySet) and (is_unfiltered(request.GET) if estimate is None else estimate):
        guess = estimated_count(rows)
        # A planner estimate below the rows already seen would contradict the page: show none then.
        page.estimate = guess if guess and guess > page.end_index() else None
    return page


def estimated_count(qs: QuerySet) -> int | None:
    """The PostgreSQL planner's estimate of the rows of `qs` (from table statistics; no scan), else None."""
    connection = connections[qs.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = qs.order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    rows = int(plan[0]["Plan"]["Plan Rows"])
    return round_estimate(rows) if rows > 0 else None


def round_estimate(value: int) -> int:
    """Two significant figures: an estimate must not look exact (198.135 → 200.000, 1.234 → 1.200)."""
    if value < 100:
        return value
    digits = len(str(value)) - 2
    return round(value, -digits)
