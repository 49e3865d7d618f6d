"""Pages over many models: the honour roll, the statistics, a province's criteria and fields."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.permissions import WRITE, can, home_unit, scope
from danvan.core.forms import add_service_errors
from danvan.core.params import page_param, year_param
from danvan.orgunits.models import OrgUnit, Sector

from .. import forms, selectors, services
from ..models import Field, Level
from ..rules import reporting_year
from .common import _scoped_unit


def _unit_and_year(request) -> tuple[OrgUnit, int]:
    unit = _scoped_unit(request, request.GET.get("don_vi")) or home_unit(request.user)
    if unit is None:
        raise PermissionDenied(_("Tài khoản chưa được gán đơn vị."))
    return unit, year_param(request.GET.get("nam"), reporting_year(timezone.localdate()))


def honour_roll(request):
    unit, year = _unit_and_year(request)
    rows = selectors.honour_roll(request.user, unit, year)
    page = selectors.page_of(rows, page_param(request.GET.get("page")), size=100)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "registry/honour_roll.html", {"unit": unit, "year": year, "page": page,
                                                          "query": query.urlencode()})


def statistics(request):
    unit, year = _unit_and_year(request)
    boundaries = "current" if request.GET.get("ranh_gioi") == "hien-nay" else "historical"
    first = year_param(request.GET.get("tu_nam"), year)
    figures = selectors.engine_figures(unit=unit, first_year=min(first, year), last_year=year, boundaries=boundaries)
    fields = dict(Field.objects.values_list("code", "name"))
    sectors = dict(Sector.objects.values_list("code", "name"))
    by_field = [(fields.get(code, code), figures["registered_by_field"].get(code, 0),
                 figures["recognised_by_field"].get(code, 0)) for code in
                sorted(set(figures["registered_by_field"]) | set(figures["recognised_by_field"]))]
    by_sector = [(sectors.get(code, code or _("Chưa xác định")), figures["registered_by_sector"].get(code, 0),
                  figures["recognised_by_sector"].get(code, 0)) for code in
                 sorted(set(figures["registered_by_sector"]) | set(figures["recognised_by_sector"]))]
    levels = dict(Level.choices)
    by_level = [(levels.get(k, k), v) for k, v in sorted(figures["recognised_by_level"].items())]
    return render(request, "registry/statistics.html", {
        "unit": unit, "year": year, "first": min(first, year), "boundaries": boundaries, "figures": figures,
        "by_field": by_field, "by_sector": by_sector, "by_level": by_level})


def criteria(request):
    # Officers below a province read their province's checklist; writing it needs the province itself.
    unit = home_unit(request.user)
    own = services.province_keys(unit) if unit else set()
    key = (request.GET.get("tinh") or request.POST.get("tinh") or "").strip().upper()
    if key and key not in own:
        province = _scoped_unit(request, key)
    else:
        province = (OrgUnit.objects.filter(key__in=[key] if key else sorted(own))
                    .order_by(F("valid_to").desc(nulls_first=True)).first())
    if province is None or province.level != OrgUnit.Level.PROVINCE:
        if key:
            raise Http404(_("Chọn tỉnh, thành phố (tham số tinh)."))
        provinces = scope(OrgUnit.objects.filter(level=OrgUnit.Level.PROVINCE, valid_to__isnull=True), request.user)
        return render(request, "registry/criteria.html", {"provinces": provinces.order_by("name")})
    criterion_form = forms.CriterionForm(request.POST if request.POST.get("form") == "criterion" else None)
    field_form = forms.FieldForm(request.POST if request.POST.get("form") == "field" else None)
    if request.method == "POST":
        try:
            if request.POST.get("form") == "criterion" and criterion_form.is_valid():
                services.add_criterion(actor=request.user, province=province, name=criterion_form.cleaned_data["name"],
                                       max_score=criterion_form.cleaned_data["max_score"],
                                       order=criterion_form.cleaned_data["order"] or 100)
                messages.success(request, _("Đã thêm tiêu chí."))
                return redirect(f"{request.path}?tinh={province.key}")
            if request.POST.get("form") == "field" and field_form.is_valid():
                services.add_field(actor=request.user, province=province, name=field_form.cleaned_data["name"])
                messages.success(request, _("Đã thêm lĩnh vực."))
                return redirect(f"{request.path}?tinh={province.key}")
        except ValidationError as error:
            add_service_errors(criterion_form if request.POST.get("form") == "criterion" else field_form, error)
    return render(request, "registry/criteria.html", {
        "province": province, "criteria": services.criteria_for(province),
        "fields": services.fields_for_unit(province), "criterion_form": criterion_form, "field_form": field_form,
        "may_write": can(request.user, WRITE, province)})
