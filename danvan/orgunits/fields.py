"""A unit typed by its key (VN-92, VN-92-31117…): the one form field and the one serializer field.

Both only resolve the key; whether the user may act for the unit is the gatekeeper's question, asked by the
service."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .models import OrgUnit


def unit_by_key(key: str | None) -> OrgUnit | None:
    """The unit with this key (surrounding spaces and letter case ignored), or None."""
    key = (key or "").strip().upper()
    return OrgUnit.objects.filter(key=key).first() if key else None


class UnitKeyField(forms.CharField):
    """A form field whose cleaned value is an OrgUnit (None when left empty)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("help_text", _("Mã đơn vị, ví dụ VN-92 hoặc VN-92-31117."))
        super().__init__(**kwargs)

    def clean(self, value):
        key = super().clean(value)
        if not key:
            return None
        unit = unit_by_key(key)
        if unit is None:
            raise forms.ValidationError(_("Không có đơn vị với mã “%(k)s”.") % {"k": key.strip()})
        return unit


class UnitKeySerializerField(serializers.SlugRelatedField):
    """A serializer field read and written as the unit's key."""

    def __init__(self, **kwargs):
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", OrgUnit.objects.all())
        super().__init__(slug_field="key", **kwargs)
