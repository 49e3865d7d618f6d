"""Overdue board, hotspot board, figures per subtree × period, the deadline rules."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.permissions import can, home_unit, is_write_on_behalf, object_or_404_scoped
from danvan.core.actions import NOT_SAVED, save_form
from danvan.core.audit import history_for
from danvan.core.forms import add_service_errors
from danvan.core.paging import paginate

from .. import selectors, services
from ..forms import HotspotCasesForm, HotspotForm, HotspotUpdateForm
from ..models import DeadlineRule, Field, Hotspot, Kind
from .common import boundaries_param, reporting_period, unit_param


def overdue_board(request):
    unit = unit_param(request)
    today = timezone.localdate()
    cases = selectors.overdue_cases(unit, on=today)
    page = paginate(request, cases, 50)
    by_unit = selectors.overdue_by_unit(unit, on=today)
    return render(request, "petitions/overdue_board.html", {
        # The per-unit counts cover every overdue case of the subtree: their sum is the total (no second count).
        "unit": unit, "today": today, "page": page, "total": sum(row["count"] for row in by_unit),
        "by_unit": by_unit,
    })
def hotspot_board(request):
    unit = unit_param(request)
    board = selectors.hotspot_board(unit, include_resolved=request.GET.get("all") == "1")
    risk_labels = dict(Hotspot.Risk.choices)
    return render(request, "petitions/hotspot_board.html", {
        "unit": unit, "board": board,
        "by_risk": [(risk_labels[level], n) for level, n in sorted(board["by_risk"].items(), reverse=True)],
    })


def hotspot_create(request):
    form = HotspotForm(request.POST or None)
    if not form.is_bound:
        unit = home_unit(request.user)
        form.initial.update({"unit": unit.key if unit else "", "flagged_on": timezone.localdate()})
        if request.GET.get("case"):
            form.initial["case_codes"] = list(selectors.visible_cases(request.user).filter(
                tracking_code=request.GET["case"].strip().upper()))
    hotspot = save_form(request, form, lambda data: services.hotspot_flag(
        actor=request.user, unit=data["unit"], title=data["title"], kind=data["kind"], risk_level=data["risk_level"],
        flagged_on=data["flagged_on"], headcount=data["headcount"], note=data["note"], cases=data["case_codes"] or [],
        on_behalf=data["on_behalf"]), _("Đã ghi nhận điểm nóng."))
    if hotspot is not NOT_SAVED:
        return redirect(hotspot)
    return render(request, "petitions/simple_form.html", {"form": form, "title": _("Ghi nhận điểm nóng")})
def hotspot_detail(request, pk):
    hotspot = object_or_404_scoped(Hotspot.objects.select_related("unit"), request.user, pk=pk)
    can_write = can(request.user, "write", hotspot, on_behalf=True)
    form = HotspotUpdateForm(request.POST or None, initial={
        "version": hotspot.version, "risk_level": hotspot.risk_level, "headcount": hotspot.headcount,
        "note": hotspot.note})
    cases_form = HotspotCasesForm()
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied(_("Bạn không có quyền nhập hoặc sửa dữ liệu của đơn vị này."))
        adding = "add_cases" in request.POST or "add_cases__add" in request.POST
        if adding:
            cases_form = HotspotCasesForm(request.POST)
            form = HotspotUpdateForm(initial=form.initial)
        if (cases_form.is_valid() if adding else form.is_valid()):
            data = form.cleaned_data if not adding else {}
            on_behalf = is_write_on_behalf(request.user, hotspot)
            try:
                if adding:
                    services.hotspot_add_cases(actor=request.user, hotspot=hotspot, on_behalf=on_behalf,
                                               cases=cases_form.cleaned_data["add_cases"])
                else:
                    services.hotspot_update(actor=request.user, hotspot=hotspot, expected_version=data["version"],
                                            risk_level=data["risk_level"], headcount=data["headcount"],
                                            note=data["note"], on_behalf=on_behalf)
                    if data["resolved_on"]:
                        services.hotspot_resolve(actor=request.user, hotspot=hotspot,
                                                 resolved_on=data["resolved_on"], on_behalf=on_behalf)
            except ValidationError as error:
                add_service_errors(cases_form if adding else form, error)
            else:
                messages.success(request, _("Đã lưu thay đổi."))
                return redirect(hotspot)
    return render(request, "petitions/hotspot_detail.html", {
        "hotspot": hotspot, "cases": hotspot.cases.select_related("unit"), "form": form, "can_write": can_write,
        "cases_form": cases_form,
        "history": history_for(hotspot)[:100],
    })
def statistics(request):
    """The case figures of a subtree for a reporting period (?ky=), read from the reporting engine."""
    from danvan.reports.coverage import coverage_sentence

    unit = unit_param(request)
    period, typed, error = reporting_period(request)
    if error:
        messages.error(request, error)  # on the same page, with the accepted forms (400)
    boundaries = boundaries_param(request)
    figures = selectors.counts(unit, period, boundaries=boundaries)
    kind_labels, field_labels = dict(Kind.choices), dict(Field.choices)
    return render(request, "petitions/statistics.html", {
        "unit": unit, "period": period, "typed": typed, "boundaries": boundaries, "figures": figures,
        "scope_text": coverage_sentence(figures["coverage"], boundaries),
        "by_kind": [(kind_labels.get(k) or _("(không phân loại)"), n) for k, n in figures["by_kind"].items()],
        "by_field": sorted(((field_labels.get(k) or _("(không phân loại)"), n)
                            for k, n in figures["by_field"].items()), key=lambda item: -item[1]),
        "by_unit": selectors.received_by_unit(unit, period, boundaries=boundaries),
    }, status=400 if error else 200)
def deadline_rules(request):
    return render(request, "petitions/deadline_rules.html", {"rules": DeadlineRule.objects.all()})
