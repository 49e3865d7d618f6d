"""Periodic reports on the web: fill in, submit, accept/return/reopen, and the completeness board."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.accounts.permissions import (
    WRITE,
    can,
    home_unit,
    is_write_on_behalf,
    object_or_404_scoped,
    scope,
)
from danvan.core.audit import history_for
from danvan.core.exports import csv_response
from danvan.core.forms import add_service_errors
from danvan.core.paging import paginate
from danvan.core.picker import typed_key
from danvan.core.sorting import sort, sort_rows
from danvan.orgunits.models import OrgUnit

from . import selectors, services
from .forms import EntryForm, NoteForm, StartForm, field_name
from .models import ReportForm, Submission

STATE_LABELS = {selectors.ON_TIME: "Đúng hạn", selectors.LATE: "Muộn", selectors.MISSING: "Chưa nộp"}


def default_period(form: ReportForm) -> str:
    """The last period that has ended (the one being reported on now)."""
    from danvan.reports.periods import period_containing

    return period_containing(timezone.localdate(), form.period_type).previous().code
def index(request):
    unit = home_unit(request.user)
    start = StartForm(request.GET if "form" in request.GET else None, initial={"unit": unit.key if unit else ""})
    if start.is_bound and start.is_valid():
        return redirect("submissions:entry", start.cleaned_data["form"].code, start.cleaned_data["unit"],
                        start.cleaned_data["period"])
    return _index_page(request, unit, start, http_status=400 if start.is_bound else 200)


def _index_page(request, unit, start, http_status: int = 200):
    qs = scope(Submission.objects.select_related("form", "unit"), request.user)
    status = request.GET.get("status")
    if status in Submission.Status.values:
        qs = qs.filter(status=status)
    qs, sort_state = sort(request, qs, {"don_vi": ("unit__path",), "bieu_mau": "form__order",
                                        "ky": ("period_end", "unit__path"), "trang_thai": "status",
                                        "han": "deadline", "nop": "submitted_at"}, "-ky")
    forms = selectors.applicable_forms(unit) if unit else []
    return render(request, "submissions/index.html", {
        "unit": unit, "start": start, "page": paginate(request, qs, 50), "sort": sort_state,
        "forms": [(form, default_period(form)) for form in forms],
        "all_forms": [(form, default_period(form)) for form in ReportForm.objects.filter(active=True)],
        "statuses": Submission.Status.choices, "status": status,
    }, status=http_status)


class _PeriodRefused(Exception):
    def __init__(self, response):
        super().__init__("period refused")
        self.response = response


def _resolve_entry(request, form_code, unit_key, period):
    form = get_object_or_404(ReportForm, code=form_code, active=True)
    unit = object_or_404_scoped(OrgUnit.objects.select_related("parent"), request.user, key=unit_key)
    try:
        p = selectors.check_period(form, unit, period)
    except ValidationError as error:
        # An unreadable or unfitting period is the user's input: say so on the "Mở" form (400), not 404.
        start = StartForm({"form": form.code, "unit": unit.key, "period": period})
        start.is_valid()
        for message in error.messages:
            if message not in start.errors.get("period", []):
                start.add_error("period", message)
        raise _PeriodRefused(_index_page(request, home_unit(request.user), start, http_status=400)) from None
    return form, unit, p
def entry(request, form_code, unit_key, period):
    try:
        form, unit, p = _resolve_entry(request, form_code, unit_key, period)
    except _PeriodRefused as refused:
        return refused.response
    if period != p.code and request.method in ("GET", "HEAD"):
        return redirect("submissions:entry", form.code, unit.key, p.code)  # codes stay in URLs
    if not can(request.user, WRITE, unit, on_behalf=True):
        raise PermissionDenied(_("Bạn không có quyền nhập hoặc sửa dữ liệu của đơn vị này."))
    on_behalf = is_write_on_behalf(request.user, unit)
    submission = Submission.objects.filter(form=form, unit=unit, period=p.code).first()
    if submission is not None and not submission.is_editable:
        return redirect(submission)
    if submission is None:
        submission = Submission(form=form, unit=unit, period=p.code, period_start=p.start, period_end=p.end,
                                deadline=selectors.deadline_of(form, p), version=0)
    rows = selectors.rows(submission)
    results = []
    if request.method == "POST":
        entry_form = EntryForm(request.POST, rows=rows, sections=form.section_list())
        if entry_form.is_valid():
            try:
                if submission.pk is None:
                    submission = services.start(actor=request.user, form=form, unit=unit, period=p.code,
                                                on_behalf=on_behalf)
                expected = entry_form.cleaned_data["version"] or None
                submission = services.save(actor=request.user, submission=submission, values=entry_form.values(),
                                           narrative=entry_form.narrative(), expected_version=expected,
                                           on_behalf=on_behalf)
                action = request.POST.get("action", "save")
                if action == "submit":
                    services.submit(actor=request.user, submission=submission, on_behalf=on_behalf)
                    messages.success(request, _("Đã nộp báo cáo lên cấp trên."))
                    return redirect(submission)
                messages.success(request, _("Đã lưu báo cáo."))
                if action == "check":
                    results = selectors.check(submission)
                    if not results:
                        messages.success(request, _("Số liệu không vi phạm quy tắc kiểm tra nào."))
                else:
                    return redirect("submissions:entry", form.code, unit.key, p.code)
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    mapped = {}
                    for key, errors in error.message_dict.items():
                        mapped[field_name(key) if key in entry_form.codes else
                               ("s__" + key if key in entry_form.section_keys else key)] = errors
                    error = ValidationError(mapped)
                add_service_errors(entry_form, error)
            rows = selectors.rows(submission)
    else:
        initial = {"version": submission.version}
        for row in rows:
            if row.aggregate is not None:
                integral = row.aggregate == row.aggregate.to_integral_value()
                initial[field_name(row.code)] = int(row.aggregate) if integral else row.aggregate
        for key, text in submission.narrative.items():
            initial["s__" + key] = text
        entry_form = EntryForm(initial=initial, rows=rows, sections=form.section_list())
        if submission.pk:
            results = selectors.check(submission)
    grid = [(row, entry_form[field_name(row.code)] if row.editable else None) for row in rows]
    return render(request, "submissions/entry.html", {
        "form_def": form, "unit": unit, "period": p, "submission": submission, "entry_form": entry_form,
        "grid": grid, "sections": [entry_form["s__" + key] for key in entry_form.section_keys],
        "results": results, "on_behalf": on_behalf,
    })
def detail(request, pk):
    submission = object_or_404_scoped(Submission.objects.select_related("form", "unit", "unit__parent"),
                                      request.user, pk=pk)
    may_decide = True
    try:
        services.ensure_can_decide(request.user, submission)
    except PermissionDenied:
        may_decide = False
    sections = [(s.get("title", s["key"]), submission.narrative.get(s["key"], ""))
                for s in submission.form.section_list()]
    return render(request, "submissions/detail.html", {
        "submission": submission, "rows": selectors.rows(submission), "sections": sections,
        "may_decide": may_decide, "may_write": can(request.user, WRITE, submission.unit, on_behalf=True),
        "note_form": NoteForm(), "history": history_for(submission)[:50],
    })
@require_POST
def decide(request, pk, step):
    submission = object_or_404_scoped(Submission.objects.select_related("form", "unit", "unit__parent"),
                                      request.user, pk=pk)
    note = request.POST.get("note", "")
    try:
        if step == "accept":
            services.accept(actor=request.user, submission=submission, note=note)
            messages.success(request, _("Đã chấp nhận báo cáo; số liệu được khóa."))
        elif step == "return":
            services.return_report(actor=request.user, submission=submission, note=note)
            messages.success(request, _("Đã trả lại báo cáo."))
        elif step == "reopen":
            services.reopen(actor=request.user, submission=submission, reason=note)
            messages.success(request, _("Đã mở lại báo cáo."))
        else:
            raise Http404
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(submission)


def resolve_board(request, params) -> tuple[OrgUnit, ReportForm, str]:
    unit_key = typed_key(params.get("unit"), request.user)
    unit = home_unit(request.user) if not unit_key else object_or_404_scoped(
        OrgUnit.objects.all(), request.user, key=unit_key)
    if unit is None:
        raise Http404(_("Chưa chọn đơn vị."))
    code = (params.get("form") or "").strip()
    form = get_object_or_404(ReportForm, code=code) if code else ReportForm.objects.filter(active=True).first()
    if form is None:
        raise Http404(_("Chưa có biểu mẫu báo cáo."))
    period = (params.get("period") or "").strip() or default_period(form)
    return unit, form, period
def board(request):
    unit, form, period = resolve_board(request, request.GET)
    try:
        result = selectors.completeness(root=unit, form=form, period=period)
    except (ValidationError, ValueError) as error:
        # Shown on the same page, with the accepted forms (400), never a 404.
        return render(request, "submissions/board.html", {
            "board": None, "unit": unit, "form_def": form, "period_text": period,
            "error": " ".join(getattr(error, "messages", [str(error)])),
            "forms": ReportForm.objects.filter(active=True)}, status=400)
    if request.GET.get("format") == "csv":
        return reminders_csv(result)
    rows, sort_state = sort_rows(request, result.rows, {
        "don_vi": lambda r: r.unit.path, "tinh_trang": lambda r: r.state,
        "trang_thai": lambda r: r.submission.status if r.submission else "",
        "nop": lambda r: r.submission.first_submitted_at if r.submission else None}, "don_vi")
    page = paginate(request, rows, 200)
    return render(request, "submissions/board.html", {
        "board": result, "unit": unit, "form_def": form, "period": result.period, "page": page, "sort": sort_state,
        "rows_html": _board_rows_html(page),
        "forms": ReportForm.objects.filter(active=True), "state_labels": STATE_LABELS,
        "csv_url": reverse("submissions:board") + f"?unit={unit.key}&form={form.code}&period={result.period.code}"
                   "&format=csv",
    })


def _board_rows_html(rows) -> str:
    """The board's table rows, built once in Python: per-row template work cost ~1 ms a row (issue 16)."""
    tags = {selectors.ON_TIME: ("ok", _("Đúng hạn")), selectors.LATE: ("warn", _("Muộn"))}
    missing, overdue = ("bad", _("Chưa nộp")), _("quá hạn")
    parts = []
    for row in rows:
        css, label = tags.get(row.state, missing)
        submission = row.submission
        first = submission.first_submitted_at if submission else None
        parts.append(format_html(
            '<tr><td>{} <code>{}</code></td><td><span class="tag {}">{}</span>{}</td><td>{}</td><td>{}</td></tr>',
            row.unit.name, row.unit.key, css, label,
            format_html(" <small>{}</small>", overdue) if row.overdue else "",
            format_html('<a href="{}">{}</a>', submission.get_absolute_url(), submission.get_status_display())
            if submission else "—",
            date_format(timezone.localtime(first), "H:i d/m/Y") if first else ""))
    return mark_safe("".join(parts))  # noqa: S308 (each part escaped by format_html)


def reminders_csv(result: selectors.Board):
    rows = result.reminders()
    people = selectors.contacts([row.unit.pk for row in rows])
    parents = dict(OrgUnit.objects.filter(pk__in={row.unit.parent_id for row in rows}).values_list("pk", "name"))

    def generate():
        for row in rows:
            submission = row.submission
            yield [row.unit.key, row.unit.name, parents.get(row.unit.parent_id, ""), _(STATE_LABELS[row.state]),
                   submission.get_status_display() if submission else _("Chưa lập"),
                   result.deadline.strftime("%d/%m/%Y"),
                   timezone.localtime(submission.first_submitted_at).strftime("%d/%m/%Y %H:%M")
                   if submission and submission.first_submitted_at else "",
                   "; ".join(people.get(row.unit.pk, []))]

    header = [_("Mã đơn vị"), _("Đơn vị"), _("Đơn vị cấp trên"), _("Tình trạng"), _("Trạng thái báo cáo"),
              _("Hạn nộp"), _("Nộp lúc"), _("Người nhận nhắc")]
    return csv_response(f"nhac-nop-{result.form.code}-{result.period.code}-{result.root.key}.csv", header, generate())
