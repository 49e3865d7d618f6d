"""Naming the related records a history mentions (`core.history`): a unit, a user or a case given by id in a
change is shown by its name. The records the page has loaded already are named without a query, the others with
one query per model (issue 16), never one per record.

It reads `core.history`'s helpers; `core.history` imports it where it is used.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from .history import EMPTY, _changed_model, _field


def _related_name(f: models.Field, value: Any, cache: dict) -> str:
    """The related record's name, from its id or its natural key (a unit's "VN-92", a case's tracking code)."""
    related = f.related_model
    key = (related, value)
    if key not in cache and key in cache.get(_KNOWN, {}):
        cache[key] = str(cache[_KNOWN][key])  # a record loaded already (`_name_related_records`)
    if key not in cache:
        manager = related._default_manager
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            obj = manager.filter(pk=value).first()
        else:
            natural = next((n for n in ("key", "code", "tracking_code", "username")
                            if any(x.name == n for x in related._meta.concrete_fields)), None)
            obj = manager.filter(**{natural: value}).first() if natural else None
        cache[key] = str(obj) if obj is not None else (EMPTY if not isinstance(value, str) else value)
    return cache[key]


# Changes whose value is read as a code (`_coded_value`), not as the id of a related record.
_CODED_NAMES = frozenset({"period", "period_code", "period_type", "indicator", "levels", "issues", "scores", "link"})


_KNOWN = object()  # the key, in `_related_name`'s cache, of the records loaded already: (model, id) -> record


def _remember(cache: dict, obj) -> None:
    """Keep a loaded record for `_related_name`; it is named (str) only if a change names it."""
    if obj is not None and obj.pk is not None:
        known = cache.setdefault(_KNOWN, {})
        known[(type(obj), obj.pk)] = known[(type(obj), str(obj.pk))] = obj


def _name_related_records(events: list, known, cache: dict) -> None:
    """Fill `_related_name`'s cache before the events are described (issue 16): the records already loaded
    (each event's actor and unit, the record of the history and the records it holds) are named without a
    query, and the other related records named by id in the changes are read with one query per model
    instead of one per record. The names are the ones `_related_name` would give."""
    for record in known:
        _remember(cache, record)
        for related in getattr(getattr(record, "_state", None), "fields_cache", {}).values():
            if isinstance(related, models.Model):
                _remember(cache, related)
    for event in events:
        if event.actor_id:
            _remember(cache, event.actor)
        if event.unit_id:
            _remember(cache, event.unit)
    wanted: dict = {}
    for event in events:
        model = _changed_model(event)
        for name, pair in (event.changes or {}).items():
            if name in _CODED_NAMES:
                continue
            f = _field(model, name)
            related = getattr(f, "related_model", None) if f is not None and f.is_relation else None
            if related is None or f.choices:
                continue
            values = pair if isinstance(pair, list) else [pair]
            for value in values:
                for one in value if isinstance(value, list) else [value]:
                    is_id = (isinstance(one, int) and not isinstance(one, bool)) or (
                        isinstance(one, str) and one.isdigit())
                    if is_id and (related, one) not in cache and (related, one) not in cache.get(_KNOWN, {}):
                        wanted.setdefault(related, set()).add(one)
    for related, values in wanted.items():
        found = related._default_manager.in_bulk({int(v) for v in values})
        for value in values:
            obj = found.get(int(value))
            cache[(related, value)] = str(obj) if obj is not None else (EMPTY if not isinstance(value, str) else value)
