"""Pages: indicator catalogue, figures of a unit and period, data-value entry, data-value import."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.permissions import can, ensure_can, home_unit, is_write_on_behalf, object_or_404_scoped
from danvan.core.imports import ImportFailed
from danvan.core.uploads import clean_name
from danvan.jobs.web import background_import, error_report
from danvan.orgunits.models import OrgUnit
from danvan.orgunits.selectors import ancestors

from . import engine, selectors
from .coverage import figure_coverage as coverage_text
from .forms import FiguresChoiceForm, ImportForm
from .importers import import_datavalues
from .models import DataValue, Indicator
from .periods import YEAR, Period, parse_period, period_containing
from .services import datavalue_delete, datavalue_set, unit_exists_in


class BadPeriod(Exception):
    """A period in the URL that cannot be read: answered with 400 and the lookup form, never 404/500."""

    def __init__(self, response):
        super().__init__("bad period")
        self.response = response


def _unit_and_period(request, key: str, period: str) -> tuple[OrgUnit, Period]:
    try:
        parsed = parse_period(period)
    except ValueError:
        form = FiguresChoiceForm({"unit": key, "period": period})
        form.is_valid()
        raise BadPeriod(_index_page(request, form, status=400)) from None
    unit = object_or_404_scoped(OrgUnit.objects.all(), request.user, key=key)
    if period != parsed.code and request.method in ("GET", "HEAD"):
        # "Quý 3/2026", "2026 Q3" typed in the address: the page of its code (codes stay in URLs).
        url = reverse(request.resolver_match.view_name, args=[unit.key, parsed.code])
        query = request.META.get("QUERY_STRING", "")
        raise BadPeriod(redirect(url + (f"?{query}" if query else "")))
    return unit, parsed


def period_errors(view):
    """Views taking a period from the URL answer an unreadable one with the lookup page (400)."""
    import functools

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadPeriod as bad:
            return bad.response

    return wrapped


def _index_page(request, form, status: int = 200):
    return render(request, "reports/index.html", {"form": form, "unit": home_unit(request.user),
                                                  "this_year": period_containing(timezone.localdate(), YEAR)},
                  status=status)
def index(request):
    form = FiguresChoiceForm(request.GET or None)
    if form.is_valid():
        return redirect("reports:figures", form.cleaned_data["unit"].strip(), form.cleaned_data["period"])
    return _index_page(request, form, status=400 if form.is_bound else 200)
def indicators(request):
    items = Indicator.objects.filter(is_active=True).order_by("order", "code")
    return render(request, "reports/indicators.html", {"indicators": items})
@period_errors
def figures(request, key: str, period: str):
    unit, p = _unit_and_period(request, key, period)
    boundaries = "current" if request.GET.get("boundaries") == "current" else "historical"
    by = request.GET.get("by", "level")
    if by not in selectors.BREAKDOWNS:
        by = "level"
    codes = engine.all_codes()
    infos = engine.indicators()
    shown = selectors.figure_set(unit=unit, period=p, indicators=codes, boundaries=boundaries)
    values = shown["values"]
    rows = []
    columns: list[str] = []
    breakdowns = selectors.breakdowns(unit=unit, period=p.code, indicators=codes, by=by, boundaries=boundaries)
    for code in codes:
        for label in breakdowns[code]:
            if label not in columns:
                columns.append(label)
    labels = _column_labels(by, columns)
    for code in codes:
        rows.append({"info": infos[code], "value": values[code],
                     "coverage": coverage_text(shown["coverage"].get(code)),
                     "cells": [breakdowns[code].get(label, 0) for label in columns]})
    return render(request, "reports/figures.html", {
        "unit": unit, "period": p, "boundaries": boundaries, "by": by, "rows": rows,
        "columns": [labels.get(c, c) for c in columns], "as_of": selectors.as_of(), "coverage": shown["coverage"],
        "ancestors": ancestors(unit), "can_enter": can(request.user, "write", unit, on_behalf=True),
        "previous": p.previous(), "next_year": p.previous_year(),
        "breakdown_choices": [("level", _("cấp")), ("child", _("đơn vị trực thuộc")), ("sector", _("khối")),
                              ("category", _("phân loại"))],
    })


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
@period_errors
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
        saved, deleted, warnings = 0, 0, []
        for code in codes:
            raw = request.POST.get(f"v_{code}", "").strip()
            current = existing.get(code)
            version = request.POST.get(f"ver_{code}") or None
            if raw == "" and current is not None and f"v_{code}" in request.POST:
                # An emptied field deletes the entered value: the unit's records count again there.
                try:
                    datavalue_delete(actor=request.user, datavalue=current, on_behalf=on_behalf)
                    deleted += 1
                except ValidationError as error:
                    errors[code] = " ".join(error.messages)
                continue
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
        if deleted:
            messages.success(request, _("Đã xóa %(n)s số liệu đã nhập.") % {"n": deleted})
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
def import_view(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    result, errors = None, None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        queued = background_import(request, "datavalues", upload, {"import_url": request.path})
        if queued:
            return queued
        try:
            result = import_datavalues(actor=request.user, data=upload.read(), file_name=clean_name(upload.name))
        except ImportFailed as failed:
            errors = error_report(request, "datavalues", failed.errors, upload.name)
    return render(request, "reports/import.html", {"form": form, "result": result, "errors": errors})
@period_errors
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
