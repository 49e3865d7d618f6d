"""A unit typed by its key (VN-92, VN-92-31117…): the one form field and the one serializer field.

Both only resolve the key; whether the user may act for the unit is the gatekeeper's question, asked by the
service."""

from __future__ import annotations

from rest_framework import serializers

from danvan.core.picker import PickerField

from .models import OrgUnit


def unit_by_key(key: str | None) -> OrgUnit | None:
    """The unit with this key (surrounding spaces and letter case ignored), or None."""
    key = (key or "").strip().upper()
    return OrgUnit.objects.filter(key=key).first() if key else None


class UnitKeyField(PickerField):
    """The one unit form field: picked by name or key (the unit picker), cleans to the unit (None when
    empty). Scope is checked by the service."""

    def __init__(self, **kwargs):
        kwargs.setdefault("scope", "all")
        super().__init__(**kwargs)


class UnitKeySerializerField(serializers.SlugRelatedField):
    """A serializer field read and written as the unit's key."""

    def __init__(self, **kwargs):
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", OrgUnit.objects.all())
        super().__init__(slug_field="key", **kwargs)
