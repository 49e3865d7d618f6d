from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from danvan.accounts.permissions import home_unit, scope
from danvan.core.picker import typed_key
from danvan.orgunits.models import OrgUnit


def resolve_unit(key: str, *, field: str = "unit", default=None) -> OrgUnit:
    """A unit by its key, or a ValidationError naming the field (unknown units)."""
    key = (key or "").strip()
    if not key:
        if default is not None:
            return default
        raise ValidationError({field: _("Chưa nhập mã đơn vị.")})
    unit = OrgUnit.objects.filter(key=key).select_related("sector").first()
    if unit is None:
        raise ValidationError({field: _("Không có đơn vị mã “%(key)s”.") % {"key": key}})
    return unit


def filter_unit(request) -> OrgUnit | None:
    """The subtree the user chose with ?don_vi=KEY (inside their scope), else their home unit."""
    key = typed_key(request.GET.get("don_vi"), request.user)
    if key:
        unit = scope(OrgUnit.objects.filter(key=key), request.user).first()
        if unit is not None:
            return unit
    return home_unit(request.user)


def form_error(form) -> ValidationError:
    """A form's own errors as a ValidationError whose messages name the field (for POST-only forms)."""
    errors = {}
    for name, messages in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        errors[name] = [f"{label}: {m}" if label else m for m in messages]
    return ValidationError(errors)
