"""Helpers for list rows built in Python, one escaped string per row (issue 16).

A list page's 50 rows through the template language cost a variable lookup, a filter call and an escape per
cell, and a `reverse()` per row for the link. The apps' row tags (e.g. `activities.templatetags.activity_rows`)
build the same markup with `format_html` (every value still escaped) and these helpers:

- `url_for(viewname)`: a function pk -> URL that reverses once per process (with a placeholder pk) and then
  fills in the pk, the same string `reverse(viewname, args=[pk])` gives.
- `number`, `date`: what the `vn_number` / `vn_date` filters return (the filters call them), without the
  template machinery.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone

from . import formatting

_PLACEHOLDER = 2147483646  # an integer no URL of the site otherwise contains
_urls: dict[tuple, tuple[str, str]] = {}


def url_for(viewname: str) -> Callable[[int], str]:
    """pk -> the URL of `viewname` for that pk (a view taking one integer argument)."""
    key = (viewname, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    parts = _urls.get(key)
    if parts is None:
        url = reverse(viewname, args=[_PLACEHOLDER])
        head, found, tail = url.partition(str(_PLACEHOLDER))
        if not found or str(_PLACEHOLDER) in tail:
            raise ValueError(f"{viewname}: the placeholder is not once in {url}")
        parts = _urls[key] = (head, tail)
    head, tail = parts
    return lambda pk: f"{head}{int(pk)}{tail}"


def number(value, decimals: int = 0) -> str:
    """The `vn_number` filter: 183676 -> "183.676"; None or "" -> ""."""
    return formatting.format_number(value, decimals) if value not in (None, "") else ""


def local_date(value):
    """A datetime as its local date; a date (or None) as it is."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def date(value) -> str:
    """The `vn_date` filter: "27/12/2017" (a datetime in local time); None -> ""."""
    return formatting.format_date_short(local_date(value))
