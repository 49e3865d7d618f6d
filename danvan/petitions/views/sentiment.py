"""Báo cáo tình hình Nhân dân: list, create, edit, submit; most raised issues over a subtree."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.accounts.permissions import can, home_unit, is_write_on_behalf, object_or_404_scoped, scope
from danvan.core.audit import history_for
from danvan.core.forms import add_service_errors
from danvan.core.paging import paginate

from .. import selectors, services
from ..forms import ISSUE_ROWS, SentimentForm
from ..models import SentimentReport
from .common import period_params, unit_param


def sentiment_list(request):
    qs = scope(SentimentReport.objects.select_related("unit"), request.user)
    if request.GET.get("unit"):
        qs = qs.filter(pk__in=selectors.sentiment_reports_in(unit_param(request)).values("pk"))
    if request.GET.get("status") in SentimentReport.Status.values:
        qs = qs.filter(status=request.GET["status"])
    page = paginate(request, qs, 50)
    return render(request, "petitions/sentiment_list.html", {"page": page})


def _issue_initial(report: SentimentReport) -> dict:
    initial = {}
    for i, issue in enumerate(report.issues.all()[:ISSUE_ROWS]):
        initial.update({f"issue_{i}_field": issue.field, f"issue_{i}_description": issue.description,
                        f"issue_{i}_mentions": issue.mentions, f"issue_{i}_is_hot": issue.is_hot})
    return initial
def sentiment_form(request, pk=None):
    report = None
    if pk is not None:
        report = object_or_404_scoped(SentimentReport.objects.select_related("unit"), request.user, pk=pk)
        if not can(request.user, "write", report, on_behalf=True):
            raise PermissionDenied(_("Bạn không có quyền nhập hoặc sửa dữ liệu của đơn vị này."))
        initial = {name: getattr(report, name) for name in ("title", "mood", "mood_note", "hot_issues", "proposals",
                                                            "period_type", "period_code", "version")}
        initial["unit"] = report.unit.key
        initial["case_codes"] = list(report.cases.all())
        initial.update(_issue_initial(report))
    else:
        unit = home_unit(request.user)
        initial = {"unit": unit.key if unit else ""}
    form = SentimentForm(request.POST or None, initial=initial)
    if report is not None:
        for name in ("unit", "period_type", "period_code"):
            form.fields[name].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cases = data["case_codes"] or []
            texts = {k: data[k] for k in ("title", "mood", "mood_note", "hot_issues", "proposals")}
            if report is None:
                report = services.sentiment_create(
                    actor=request.user, unit=data["unit"], period_type=data["period_type"],
                    period_code=data["period_code"], issues=form.issues(), cases=cases,
                    on_behalf=data["on_behalf"], **texts)
            else:
                services.sentiment_update(actor=request.user, report=report, expected_version=data["version"],
                                          issues=form.issues(), cases=cases,
                                          on_behalf=is_write_on_behalf(request.user, report), **texts)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lưu báo cáo."))
            return redirect(report)
    return render(request, "petitions/simple_form.html", {
        "form": form, "title": _("Sửa báo cáo tình hình Nhân dân") if report else _("Báo cáo tình hình Nhân dân"),
    })
def sentiment_detail(request, pk):
    report = object_or_404_scoped(SentimentReport.objects.select_related("unit"), request.user, pk=pk)
    return render(request, "petitions/sentiment_detail.html", {
        "report": report, "issues": report.issues.all(), "cases": report.cases.select_related("unit"),
        "can_write": can(request.user, "write", report, on_behalf=True), "history": history_for(report)[:100],
    })
@require_POST
def sentiment_submit(request, pk):
    report = object_or_404_scoped(SentimentReport.objects.select_related("unit"), request.user, pk=pk)
    try:
        services.sentiment_submit(actor=request.user, report=report,
                                  on_behalf=is_write_on_behalf(request.user, report))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã gửi báo cáo lên cấp trên."))
    return redirect(report)
def top_issues(request):
    unit = unit_param(request)
    start, end = period_params(request)
    return render(request, "petitions/top_issues.html", {
        "unit": unit, "start": start, "end": end,
        "rows": selectors.top_issues(unit, start, end, submitted_only=request.GET.get("submitted") == "1"),
        "hot": selectors.hot_issue_samples(unit, start, end),
    })
