"""DRF plumbing shared by every app: error body and the one scoped viewset base.

Every viewset on a scoped model derives from `ScopedViewSetMixin` (through `ScopedViewSet`,
`ScopedReadOnlyViewSet` or `ScopedModelViewSet`); `danvan/core/tests/test_scope_sweep.py` fails for one that
does not. The base makes the gatekeeper's rules hold by construction:

- the queryset is always `visible_queryset(get_base_queryset())` (default: `permissions.scope`), so lists and
  object lookups never see rows outside the caller's units, and an object outside scope is a 404;
- an unsafe method (POST/PUT/PATCH/DELETE) needs a membership carrying the action (`write_action`, or
  `action_rights[self.action]`) before anything is parsed, so a viewer gets 403 on every write;
- on a detail route the object is checked with `permissions.can(user, right, obj, on_behalf=True)`; the
  services then apply the exact rule (own unit, explicit on-behalf entry, approve from above).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import QuerySet
from rest_framework import exceptions, mixins, viewsets
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response
from rest_framework.views import APIView

from danvan.accounts.permissions import VIEW, WRITE, can, may_act_somewhere, scope
from danvan.core import api_errors


def exception_handler(exc, context):
    """Every API error in one shape (see core.api_errors); service-layer errors (Django's ValidationError and
    PermissionDenied, StaleRecordError = 409) map onto it, so the UI, the API and importers share one rule set."""
    return api_errors.exception_handler(exc, context)


class ScopedViewSetMixin:
    """Pre-scoped queryset, 404 outside scope, writes checked against the gatekeeper (see module doc)."""

    #: the right an unsafe request needs (None: the viewset has no writes of its own).
    write_action: ClassVar[str | None] = WRITE
    #: per-action rights, e.g. {"accept": APPROVE}; other unsafe actions need `write_action`.
    action_rights: ClassVar[dict[str, str]] = {}

    request: Any
    action: str | None

    def get_base_queryset(self) -> QuerySet:
        """Override instead of get_queryset: filters and joins; scoping is added on top, always."""
        return super().get_queryset()  # type: ignore[misc]

    def visible_queryset(self, qs: QuerySet) -> QuerySet:
        """What the caller may read. Override only with a gatekeeper rule (e.g. campaigns across units)."""
        return scope(qs, self.request.user, VIEW)

    def get_queryset(self) -> QuerySet:
        return self.visible_queryset(self.get_base_queryset())

    def required_right(self) -> str | None:
        return self.action_rights.get(self.action or "", self.write_action)

    def check_permissions(self, request) -> None:
        super().check_permissions(request)  # type: ignore[misc]
        right = self.required_right()
        if request.method not in SAFE_METHODS and right and not may_act_somewhere(request.user, right):
            raise exceptions.PermissionDenied(_denied_message())

    def check_object_permissions(self, request, obj) -> None:
        super().check_object_permissions(request, obj)  # type: ignore[misc]
        right = self.required_right()
        if request.method not in SAFE_METHODS and right and not self.may_act_on(obj, right):
            raise exceptions.PermissionDenied(_denied_message())

    def may_act_on(self, obj, right: str) -> bool:
        """The object-level check; exact rules (own unit, explicit on-behalf, from above) stay in services."""
        return can(self.request.user, right, obj, on_behalf=True)


def _denied_message() -> str:
    from django.utils.translation import gettext as _

    return _("Bạn không có quyền thực hiện thao tác này.")


class ScopedViewSet(ScopedViewSetMixin, viewsets.GenericViewSet):
    """Compose with DRF's mixins (List/Retrieve/Create/Update/Destroy) as needed."""


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """A read API (plus POST actions) whose queryset is always restricted to the caller's units."""


class ScopedModelViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
                         mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    """Full create/read/update/delete on a scoped model."""


class CountsView(APIView):
    """GET ?unit=VN-92&year=2023&boundaries=historical|current: one app's counting figures for a unit's subtree.

    The one place that reads those three parameters (unit outside the caller's scope = 404, year a number,
    boundaries one of two words); an app's view implements `figures(request, unit, year, boundaries)`."""

    def figures(self, request, unit, year: int, boundaries: str) -> dict[str, Any]:
        raise NotImplementedError

    def get(self, request):
        from django.utils.translation import gettext as _

        from danvan.accounts.permissions import object_or_404_scoped
        from danvan.orgunits.models import OrgUnit

        params = request.query_params
        unit: Any = object_or_404_scoped(OrgUnit.objects.all(), request.user, key=params.get("unit", "VN"))
        from danvan.core.params import year_param

        year = year_param(params.get("year"))
        if year is None:  # absent, not a number, or outside the years the system knows
            raise exceptions.ValidationError({"year": [_("Năm: hãy ghi năm, ví dụ 2023.")]})
        boundaries = params.get("boundaries") or "historical"
        if boundaries not in ("historical", "current"):
            raise exceptions.ValidationError({"boundaries": [_("Ranh giới: dùng “historical” hoặc “current”.")]})
        return Response({"unit": unit.key, "year": year, "boundaries": boundaries,
                         **self.figures(request, unit, year, boundaries)})


def requested_on_behalf(data) -> bool | None:
    """The `on_behalf` a request body states: None when absent (the gatekeeper decides), else True/False.
    Passed to `permissions.on_behalf_for`, so an explicit false for a unit below is refused, not overridden."""
    value = data.get("on_behalf") if hasattr(data, "get") else None
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("1", "true", "yes", "on", "x")


def on_behalf_of(request, obj) -> bool:
    """The on-behalf flag of an API write on `obj`, by the gatekeeper's rule and the body's explicit choice."""
    from danvan.accounts.permissions import on_behalf_for

    return on_behalf_for(request.user, obj, requested_on_behalf(request.data))


def query_param(request, name: str, *aliases: str, default=None):
    """An English query parameter; the older Vietnamese names (`aliases`) keep working."""
    params = request.query_params
    for key in (name, *aliases):
        value = params.get(key)
        if value not in (None, ""):
            return value
    return default


def boundaries_param(request) -> str:
    """?boundaries=current|historical (older: ?dia_gioi=hien_nay)."""
    value = query_param(request, "boundaries", "dia_gioi", default="historical")
    return "current" if value in ("current", "hien_nay") else "historical"


def flag_param(request, name: str, *aliases: str) -> bool:
    return str(query_param(request, name, *aliases, default="")).lower() in ("1", "true", "yes", "on")


def import_upload(request, importer) -> Response:
    """An import endpoint: the multipart field "file" read by `importer(actor=..., data=...)`, answered with the
    counts. ImportFailed becomes the API error shape (422, one error per row and column) in core.api_errors."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    upload = request.FILES.get("file")
    if upload is None:
        raise ValidationError({"file": _("Tệp: hãy gửi tệp XLSX hoặc CSV trong trường “file”.")})
    result = importer(actor=request.user, data=upload.read())
    return Response({"created": result.created, "updated": result.updated, "unchanged": result.unchanged})
