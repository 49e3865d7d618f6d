"""Pages: indicator catalogue, figures of a unit and period, data-value entry, data-value import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

from danvan.accounts.permissions import can, ensure_can, home_unit, is_write_on_behalf, object_or_404_scoped
from danvan.core.formatting import format_number
from danvan.core.imports import ImportFailed
from danvan.orgunits.models import OrgUnit
from danvan.orgunits.selectors import ancestors

from . import cache as report_cache
from . import engine, selectors
from .forms import FiguresChoiceForm, ImportForm
from .importers import import_datavalues
from .models import DataValue, Indicator
from .periods import YEAR, Period, parse_period
from .services import datavalue_set, unit_exists_in


def _unit_and_period(request, key: str, period: str) -> tuple[OrgUnit, Period]:
    try:
        parsed = parse_period(period)
    except ValueError as error:
        raise Http404(str(error)) from None
    unit = object_or_404_scoped(OrgUnit.objects.all(), request.user, key=key)
    return unit, parsed


@login_required
def index(request):
    form = FiguresChoiceForm(request.GET or None)
    if form.is_valid():
        return redirect("reports:figures", form.cleaned_data["unit"].strip(), form.cleaned_data["period"].strip())
    unit = home_unit(request.user)
    return render(request, "reports/index.html", {"form": form, "unit": unit})


@login_required
def indicators(request):
    items = Indicator.objects.filter(is_active=True).order_by("order", "code")
    return render(request, "reports/indicators.html", {"indicators": items})


@login_required
def figures(request, key: str, period: str):
    unit, p = _unit_and_period(request, key, period)
    boundaries = "current" if request.GET.get("boundaries") == "current" else "historical"
    by = request.GET.get("by", "level")
    if by not in selectors.BREAKDOWNS:
        by = "level"
    # Year figures by level or child unit come from the roll-ups, so their version covers them; other
    # periods and breakdowns (computed live from records) are not cached.
    version = (report_cache.figures_version(unit.pk, [p.year], boundaries)
               if p.type == YEAR and by in ("level", "child") else None)
    rows, columns = report_cache.cached("figures_page", (unit.pk, p.code, boundaries, by), version,
                                        lambda: _figure_table(unit, p, boundaries, by))
    return render(request, "reports/figures.html", {
        "unit": unit, "period": p, "boundaries": boundaries, "by": by, "rows": rows,
        "columns": columns, "as_of": selectors.as_of(),
        "ancestors": ancestors(unit), "can_enter": can(request.user, "write", unit, on_behalf=True),
        "previous": p.previous(), "next_year": p.previous_year(),
        "breakdown_choices": [("level", _("cấp")), ("child", _("đơn vị trực thuộc")), ("sector", _("khối")),
                              ("category", _("phân loại"))],
    })


def _figure_table(unit: OrgUnit, p: Period, boundaries: str, by: str) -> tuple[list[dict], list[str]]:
    """Rows with their numbers formatted once here (one string per row, no per-cell template work)."""
    codes = engine.all_codes()
    infos = engine.indicators()
    values = selectors.figures(unit=unit, period=p.code, indicators=codes, boundaries=boundaries)
    columns: list[str] = []
    breakdowns = selectors.breakdowns(unit=unit, period=p.code, indicators=codes, by=by, boundaries=boundaries)
    for code in codes:
        for label in breakdowns[code]:
            if label not in columns:
                columns.append(label)
    labels = _column_labels(by, columns)
    rows = [{"info": infos[code], "value": format_number(values[code]),
             "cells": format_html_join("", '<td class="num">{}</td>',
                                       ((format_number(breakdowns[code].get(label, 0)),) for label in columns))}
            for code in codes]
    return rows, [str(labels.get(c, c)) for c in columns]


def _column_labels(by: str, columns: list[str]) -> dict[str, str]:
    if by == "level":
        return dict(OrgUnit.Level.choices)
    if by == "child":
        return dict(OrgUnit.objects.filter(key__in=columns).values_list("key", "name"))
    if by == "sector":
        from danvan.orgunits.models import Sector

        found = dict(Sector.objects.values_list("code", "name"))
        return {c: found.get(c, c) if c else _("(không ghi khối)") for c in columns}
    labels = {}
    for info in engine.indicators().values():
        labels.update(info.categories)
    return {c: labels.get(c, c) if c else _("(không phân loại)") for c in columns}


@login_required
def entry(request, key: str, period: str):
    unit, p = _unit_and_period(request, key, period)
    if not can(request.user, "write", unit, on_behalf=True):
        raise PermissionDenied(_("Bạn không có quyền nhập hoặc sửa dữ liệu của đơn vị này."))
    if not unit_exists_in(unit, p):
        raise Http404(_("Đơn vị không tồn tại trong kỳ báo cáo này."))
    on_behalf = is_write_on_behalf(request.user, unit)
    codes = [c for c, info in engine.indicators().items() if info.source != Indicator.Source.FORMULA]
    existing = {dv.indicator_id: dv for dv in DataValue.objects.filter(unit=unit, period=p.code, category="",
                                                                      sector="")}
    errors: dict[str, str] = {}
    if request.method == "POST":
        ensure_can(request.user, "write", unit, on_behalf=on_behalf)
        saved, warnings = 0, []
        for code in codes:
            raw = request.POST.get(f"v_{code}", "").strip()
            current = existing.get(code)
            version = request.POST.get(f"ver_{code}") or None
            if raw == "" or (current is not None and _same(raw, current.value)):
                continue
            try:
                dv = datavalue_set(actor=request.user, unit=unit, period=p.code, indicator=code, value=raw,
                                   on_behalf=on_behalf, expected_version=int(version) if version else None)
                saved += 1
                warnings.extend(w.message for w in getattr(dv, "warnings", []))
            except ValidationError as error:
                errors[code] = " ".join(error.messages)
        if saved:
            messages.success(request, _("Đã lưu %(n)s số liệu.") % {"n": saved})
        for warning in dict.fromkeys(warnings):
            messages.warning(request, warning)
        if not errors:
            return redirect(reverse("reports:entry", args=[unit.key, p.code]))
        existing = {dv.indicator_id: dv for dv in DataValue.objects.filter(unit=unit, period=p.code, category="",
                                                                          sector="")}
    own = selectors.own_values(unit=unit, period=p.code, indicators=codes)
    infos = engine.indicators()
    rows = [{"info": infos[code], "aggregate": own[code]["aggregate"], "records": own[code]["records"],
             "datavalue": existing.get(code), "posted": request.POST.get(f"v_{code}", "") if errors else "",
             "error": errors.get(code, "")} for code in codes]
    return render(request, "reports/entry.html", {"unit": unit, "period": p, "rows": rows, "on_behalf": on_behalf,
                                                  "ancestors": ancestors(unit)})


def _same(raw: str, value) -> bool:
    from danvan.core.imports import parse_decimal

    parsed = parse_decimal(raw)
    return parsed is not None and parsed == value


@login_required
def import_view(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    result, errors = None, []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = import_datavalues(actor=request.user, data=upload.read(), file_name=upload.name)
        except ImportFailed as failed:
            errors = failed.errors
    return render(request, "reports/import.html", {"form": form, "result": result, "errors": errors[:1000],
                                                   "error_count": len(errors)})


@login_required
def export_datavalues(request, key: str, period: str):
    """The entered aggregates of the unit's subtree for the period (and periods inside it), streamed as CSV
    in the import format — so the file can be edited and imported back."""
    from django.db.models import F

    from danvan.accounts.permissions import scope
    from danvan.core.exports import csv_response

    unit, p = _unit_and_period(request, key, period)
    codes = [sub.code for sub in p.subperiods()]
    rows = (scope(DataValue.objects.all(), request.user)
            .filter(unit__path__startswith=unit.path, period__in=codes)
            .order_by("unit__path", "period", "indicator_id", "category", "sector")
            .values_list(F("unit__key"), "period", "indicator_id", "value", "category", "sector")
            .iterator(chunk_size=5000))
    return csv_response(f"so-lieu-{unit.key}-{p.code}.csv", ["unit", "period", "indicator", "value", "category",
                                                              "sector"], rows)
