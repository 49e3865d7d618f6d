"""`get_FOO_display()` without translating every choice on every call (issue 16).

Django's `Model._get_FIELD_display` builds `dict(make_hashable(field.flatchoices))` on each call; hashing the
(value, label) pairs hashes the lazy labels, which translates every label of the field. A list of 50 cases with
its kind and status cost ~900 translations (a third of the page). Here the labels of a field with fixed choices
are translated once per language and kept; fields whose choices are computed (a callable) keep Django's way.
The result is the same string Django returns.
"""

from __future__ import annotations

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language

_labels: dict[tuple[int, str | None], dict] = {}
_django_display = models.Model._get_FIELD_display


def _fixed(field) -> bool:
    return isinstance(field.choices, list | tuple)


def labels_of(field) -> dict:
    """{value: label as str} of a field with fixed choices, in the active language."""
    key = (id(field), get_language())
    found = _labels.get(key)
    if found is None:
        found = {make_hashable(value): force_str(label, strings_only=True) for value, label in field.flatchoices}
        _labels[key] = found
    return found


def _get_FIELD_display(self, field):  # noqa: N802 - Django's name
    if not _fixed(field):
        return _django_display(self, field)
    value = getattr(self, field.attname)
    return force_str(labels_of(field).get(make_hashable(value), value), strings_only=True)


def install() -> None:
    """Replace Django's `get_FOO_display` methods (partial methods made when each model class was created, so
    patching `Model` alone would come too late) on every installed model; a model's own method is kept."""
    from functools import partialmethod

    from django.apps import apps

    models.Model._get_FIELD_display = _get_FIELD_display
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            name = f"get_{getattr(field, 'name', '')}_display"
            for klass in model.__mro__:
                current = klass.__dict__.get(name)
                if isinstance(current, partialmethod) and current.func is _django_display:
                    setattr(klass, name, partialmethod(_get_FIELD_display, field=current.keywords["field"]))
