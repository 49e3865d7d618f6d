"""Activity pages: list/filter/search, export, create/edit/delete, attachments, dialogue issues and
commitments, import, and the counting dashboard. Thin: services decide, selectors read."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.accounts.permissions import can, home_unit, is_write_on_behalf, object_or_404_scoped
from danvan.core.actions import NOT_SAVED, run_action, save_form
from danvan.core.audit import history_for
from danvan.core.exports import csv_response, xlsx_response
from danvan.core.imports import ImportFailed, parse_date
from danvan.core.paging import paginate
from danvan.core.sorting import sort
from danvan.jobs.web import background_import, error_report
from danvan.orgunits.models import OrgUnit, Sector

from .. import importers, periods, selectors, services, uploads
from ..forms import ActivityForm, AttachmentForm, CommitmentForm, CommitmentStatusForm, ImportForm, IssueForm
from ..models import Activity, ActivityAttachment, ActivityKind, Commitment
from ..symbols import normalise
from .common import filter_unit, form_error, resolve_unit

PAGE_SIZE = 50


def _filters(request) -> dict:
    get = request.GET
    period = get.get("ky", "").strip()
    if period:
        try:
            period = periods.parse(period).code  # "Quý 3/2026" -> "2026Q3" (the engine's one parser)
        except ValueError as error:
            messages.error(request, str(error))
            request.bad_period = True  # answered with 400 on the same page
            period = ""
    return {
        "unit": filter_unit(request) if get.get("don_vi") else None,
        "period": period or None,
        "date_from": parse_date(get["tu_ngay"]) if get.get("tu_ngay") else None,
        "date_to": parse_date(get["den_ngay"]) if get.get("den_ngay") else None,
        "kind": get.get("loai") or None,
        "level": get.get("cap") or None,
        "sector": get.get("khoi") or None,
        "status": get.get("trang_thai") or None,
        "q": get.get("q") or None,
        "overdue": get.get("qua_han") == "1",
        "boundaries": "current" if get.get("dia_gioi") == "hien_nay" else "historical",
    }


def _filtered(request):
    return selectors.filter_activities(selectors.activities_for(request.user), **_filters(request))
LIST_FIELDS = ("title", "level", "status", "start_date", "attendees", "unit__name", "kind__name")


def activity_list(request):
    qs, sort_state = sort(request, _filtered(request), {
        "ngay": "start_date", "ten": "title", "loai": "kind__name", "don_vi": "unit__name", "cap": "level",
        "luot_nguoi": "attendees"}, "-ngay")
    # Only the columns the rows show (templatetags/activity_rows.py): 50 rows of every column of the activity
    # and its unit cost more to read and build than the page's rendering (issue 16).
    qs = qs.select_related(None).select_related("unit", "kind").only(*LIST_FIELDS)
    page = paginate(request, qs, PAGE_SIZE)
    page.object_list = selectors.mark_overdue(page.object_list)
    return render(request, "activities/activity_list.html", {
        "page": page, "sort": sort_state, "kinds": ActivityKind.objects.all(), "sectors": Sector.objects.all(),
        "levels": OrgUnit.Level.choices, "statuses": Activity.Status.choices, "get": request.GET,
        "query": request.GET.urlencode(),
    }, status=400 if getattr(request, "bad_period", False) else 200)
def activity_export(request):
    qs = _filtered(request).prefetch_related("documents").order_by("start_date", "id")
    if getattr(request, "bad_period", False):
        # Never the whole list instead of the period asked for: the message, with the accepted forms (400).
        from django.http import HttpResponseBadRequest

        return HttpResponseBadRequest(" ".join(str(m) for m in messages.get_messages(request)),
                                      content_type="text/plain; charset=utf-8")
    rows = importers.export_rows(qs.iterator(chunk_size=2000))
    if request.GET.get("dinh_dang") == "xlsx":
        return xlsx_response("hoat-dong.xlsx", [(_("Hoạt động"), importers.COLUMNS, rows)])
    return csv_response("hoat-dong.csv", importers.COLUMNS, rows)


def _documents(request, text: str):
    found, missing = [], []
    visible = selectors.documents_for(request.user)
    for symbol in [s for s in (text or "").split(";") if s.strip()]:
        doc = visible.filter(symbol=normalise(symbol)).order_by("-issued_on").first()
        (found.append(doc) if doc else missing.append(normalise(symbol)))
    if missing:
        raise ValidationError({"documents": _("Không có văn bản %(s)s trong sổ văn bản.") % {"s": ", ".join(missing)}})
    return found


FORM_FIELDS = ("kind", "title", "purpose", "level", "sector", "status", "start_date", "end_date", "place_mode",
               "place", "connected_points", "participants", "attendees", "attendees_confirmed", "outlet", "link",
               "minutes", "issues_summary", "participating_organisations", "external_ref")
def activity_create(request):
    form = ActivityForm(request.POST or None, initial={"start_date": selectors.today()})
    def write(data):
        unit = resolve_unit(data["unit"], default=home_unit(request.user))
        return services.activity_create(
            actor=request.user, unit=unit, on_behalf=data["on_behalf"], submission_key=data["submission_key"],
            documents=_documents(request, data["documents"]),
            **{k: data[k] for k in FORM_FIELDS})

    activity = save_form(request, form, write, _("Đã lưu hoạt động."))
    if activity is not NOT_SAVED:
        return redirect(activity)
    return render(request, "activities/activity_form.html", {"form": form, "title": _("Thêm hoạt động")})
def activity_detail(request, pk):
    activity = object_or_404_scoped(Activity.objects.select_related("unit", "kind", "sector"), request.user, pk=pk)
    commitments = list(activity.commitments.select_related("owner_unit", "issue"))
    return render(request, "activities/activity_detail.html", {
        "activity": activity,
        "documents": activity.documents.all(),
        "attachments": activity.attachments.all(),
        "issues": activity.issues.all(),
        "commitments": commitments,
        "earlier_overdue": selectors.overdue_commitments_before(activity) if activity.kind.is_dialogue else [],
        "can_write": can(request.user, "write", activity.unit, on_behalf=True),
        "today": selectors.today(),
        "attachment_form": AttachmentForm(), "issue_form": IssueForm(), "commitment_form": CommitmentForm(),
        "history": history_for(activity)[:50],
    })
def activity_edit(request, pk):
    activity = object_or_404_scoped(Activity.objects.select_related("unit", "kind"), request.user, pk=pk)
    initial = {k: getattr(activity, k) for k in FORM_FIELDS}
    initial["level"] = activity.level if activity.level_overridden else ""
    initial["documents"] = "; ".join(d.symbol for d in activity.documents.all())
    initial["version"] = activity.version
    form = ActivityForm(request.POST or None, initial=initial, editing=True)
    saved = save_form(request, form, lambda data: services.activity_update(
        actor=request.user, activity=activity, expected_version=data["version"],
        on_behalf=is_write_on_behalf(request.user, activity), documents=_documents(request, data["documents"]),
        **{k: data[k] for k in FORM_FIELDS}), _("Đã cập nhật hoạt động."))
    if saved is not NOT_SAVED:
        return redirect(activity)
    return render(request, "activities/activity_form.html", {"form": form, "activity": activity,
                                                              "title": _("Sửa hoạt động")})
@require_POST
def activity_delete(request, pk):
    activity = object_or_404_scoped(Activity.objects.select_related("unit"), request.user, pk=pk)
    services.activity_delete(actor=request.user, activity=activity,
                             on_behalf=is_write_on_behalf(request.user, activity))
    messages.success(request, _("Đã xóa hoạt động."))
    return redirect("activities:list")

@require_POST
def attachment_upload(request, pk):
    activity = object_or_404_scoped(Activity.objects.select_related("unit"), request.user, pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Chưa chọn tệp."))
        return redirect(activity)
    def run(_obj):
        services.attachment_add(actor=request.user, activity=activity, upload=form.cleaned_data["file"],
                                on_behalf=is_write_on_behalf(request.user, activity))
        return _("Đã đính kèm tệp.")
    return run_action(request, activity, run, back=activity)
def attachment_download(request, pk):
    attachment = object_or_404_scoped(ActivityAttachment.objects.select_related("activity__unit"), request.user,
                                      pk=pk)
    if not attachment.file:
        raise Http404
    return uploads.file_response(attachment.file, attachment.original_name)
@require_POST
def attachment_delete(request, pk):
    attachment = object_or_404_scoped(ActivityAttachment.objects.select_related("activity__unit"), request.user,
                                      pk=pk)
    activity = attachment.activity
    services.attachment_delete(actor=request.user, attachment=attachment,
                               on_behalf=is_write_on_behalf(request.user, activity))
    messages.success(request, _("Đã xóa tệp."))
    return redirect(activity)
@require_POST
def issue_add(request, pk):
    activity = object_or_404_scoped(Activity.objects.select_related("unit", "kind"), request.user, pk=pk)
    form = IssueForm(request.POST)
    def run(_obj):
        if not form.is_valid():
            raise ValidationError({"content": _("Nội dung kiến nghị, phản ánh không được để trống.")})
        services.issue_add(actor=request.user, activity=activity, on_behalf=is_write_on_behalf(request.user, activity),
                           **form.cleaned_data)
        return _("Đã ghi vấn đề Nhân dân nêu.")
    return run_action(request, activity, run, back=activity)
@require_POST
def commitment_add(request, pk):
    activity = object_or_404_scoped(Activity.objects.select_related("unit", "kind"), request.user, pk=pk)
    form = CommitmentForm(request.POST)
    def run(_obj):
        if not form.is_valid():
            raise form_error(form)
        data = form.cleaned_data
        issue = activity.issues.filter(pk=data["issue"]).first() if data.get("issue") else None
        services.commitment_add(actor=request.user, activity=activity, content=data["content"],
                                owner_unit=resolve_unit(data["owner_unit"], field="owner_unit"),
                                deadline=data["deadline"], issue=issue,
                                on_behalf=is_write_on_behalf(request.user, activity))
        return _("Đã ghi cam kết.")
    return run_action(request, activity, run, back=activity)
@require_POST
def commitment_status(request, pk):
    commitment = object_or_404_scoped(Commitment.objects.select_related("activity__unit", "owner_unit"),
                                      request.user, pk=pk)
    form = CommitmentStatusForm(request.POST)
    def run(_obj):
        if not form.is_valid():
            raise form_error(form)
        data = form.cleaned_data
        services.commitment_set_status(actor=request.user, commitment=commitment, to=data["status"],
                                       done_on=data["done_on"], result=data["result"],
                                       expected_version=data["version"])
        return _("Đã cập nhật cam kết.")
    return run_action(request, commitment.activity, run, back=commitment.activity)
def commitment_list(request):
    qs = selectors.commitments_for(request.user)
    unit = filter_unit(request) if request.GET.get("don_vi") else None
    if unit is not None:
        qs = selectors.commitments_of_unit(qs, unit)
    state = request.GET.get("tinh_trang", "")
    if state == "qua_han":
        qs = qs.filter(status=Commitment.Status.OPEN, deadline__lt=selectors.today())
    elif state == "sap_han":
        day = selectors.today()
        qs = qs.filter(status=Commitment.Status.OPEN, deadline__range=(
            day, day + datetime.timedelta(days=selectors.COMMITMENT_DUE_DAYS)))
    elif state in Commitment.Status.values:
        qs = qs.filter(status=state)
    qs, sort_state = sort(request, qs, {"cam_ket": "content", "doi_thoai": "activity__start_date",
                                        "don_vi": "owner_unit__name", "han": "deadline", "trang_thai": "status"},
                          "han")
    page = paginate(request, qs, PAGE_SIZE)
    for commitment in page.object_list:
        # The responsible unit sees the commitment; the dialogue itself only if it may read the recorder's.
        commitment.may_open = can(request.user, "view", commitment.activity)
    return render(request, "activities/commitment_list.html", {"page": page, "get": request.GET, "sort": sort_state,
                                                                "today": selectors.today()})
def activity_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    errors, result = None, None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        queued = background_import(request, "activities", upload, {
            "on_behalf": bool(form.cleaned_data["on_behalf"]), "back_url": reverse("activities:list"),
            "import_url": request.path})
        if queued:
            return queued
        try:
            result = importers.import_activities(upload.read(), actor=request.user,
                                                 on_behalf=form.cleaned_data["on_behalf"])
        except ImportFailed as failure:
            errors = error_report(request, "activities", failure.errors, upload.name)
    return render(request, "activities/import.html", {"form": form, "errors": errors, "result": result,
                                                       "columns": importers.COLUMNS,
                                                       "required": importers.REQUIRED})
def stats(request):
    unit = filter_unit(request)
    if unit is None:
        raise Http404(_("Không tìm thấy bản ghi hoặc bạn không có quyền xem."))
    typed = (request.GET.get("ky") or "").strip()
    boundaries = "current" if request.GET.get("dia_gioi") == "hien_nay" else "historical"
    status = 200
    try:
        period = periods.parse(typed or str(selectors.today().year)).code
    except ValueError as error:
        messages.error(request, str(error))  # on the same page, with the accepted forms (400)
        status, period = 400, str(selectors.today().year)
    figures = selectors.summary(unit=unit, period=period, boundaries=boundaries)
    kinds = {k.code: k.name for k in ActivityKind.objects.all()}
    levels = dict(OrgUnit.Level.choices)
    return render(request, "activities/stats.html", {
        "unit": unit, "period": periods.parse(period), "typed": typed, "boundaries": boundaries, "figures": figures,
        "by_kind": [(kinds.get(c, c), n) for c, n in figures["by_kind"].items()],
        "by_level": [(levels.get(c, c), n) for c, n in figures["dialogues_by_level"].items()],
    }, status=status)
