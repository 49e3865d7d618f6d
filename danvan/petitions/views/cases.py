"""Case pages: list (+ CSV/XLSX export), intake, detail, edit, workflow steps, petitioners, documents."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.accounts.permissions import (
    can,
    can_decide_identity_request,
    can_grant_identity,
    ensure_can,
    ensure_can_see_identity,
    home_unit,
    is_write_on_behalf,
    object_or_404_scoped,
    scope,
)
from danvan.core import page_cache, uploads
from danvan.core.audit import history_for
from danvan.core.exports import csv_response, xlsx_response
from danvan.core.forms import add_service_errors
from danvan.core.paging import paginate
from danvan.core.picker import typed_key
from danvan.core.sorting import sort
from danvan.core.workflow import available_transitions
from danvan.orgunits.models import OrgUnit

from .. import selectors, services
from ..forms import CaseEditForm, CaseForm, DocumentForm, GrantForm, IdentityDecisionForm, PetitionerForm, StepForm
from ..models import Case, CaseDocument, Field, IdentityGrantRequest, Kind, Petitioner

EXPORT_HEADER = [
    "Mã tra cứu", "Đơn vị xử lý", "Mã đơn vị", "Loại đơn", "Lĩnh vực", "Nguồn tiếp nhận", "Ngày tiếp nhận",
    "Tóm tắt nội dung", "Người gửi", "Số người", "Trạng thái", "Hạn thụ lý", "Hạn giải quyết",
    "Ngày quyết định", "Số quyết định", "Kết quả", "Giải quyết đúng hạn", "Quá hạn",
]


def _export_rows(qs):
    today = timezone.localdate()
    for case in qs.select_related("unit").prefetch_related("petitioners").iterator(chunk_size=2000):
        on_time = case.resolved_on_time
        yield [
            case.tracking_code, case.unit.name, case.unit.key, case.get_kind_display(), case.get_field_display(),
            case.get_channel_display(), case.received_on, case.subject,
            selectors.petitioner_names_for_listing(case), case.headcount, case.get_status_display(),
            case.accept_due, case.resolve_due, case.decided_on, case.decision_number, case.get_outcome_display(),
            "" if on_time is None else ("có" if on_time else "không"), "có" if case.is_overdue(today) else "",
        ]


def _filters(request) -> dict:
    unit = None
    key = typed_key(request.GET.get("unit"), request.user)
    if key:
        unit = object_or_404_scoped(OrgUnit.objects.all(), request.user, key=key)
    return {
        "q": request.GET.get("q", "").strip(), "status": request.GET.get("status", ""),
        "kind": request.GET.get("kind", ""), "field": request.GET.get("field", ""), "unit": unit,
        "overdue": request.GET.get("overdue") == "1", "hotspot": request.GET.get("hotspot") == "1",
        "due_soon": request.GET.get("due_soon") == "1",
    }


# Only the columns the list's rows show.
LIST_FIELDS = ("tracking_code", "received_on", "kind", "subject", "hotspot_id", "petitioner_type", "status",
               "accept_due", "resolve_due", "unit__name")


def case_list(request):
    filters = _filters(request)
    qs = selectors.filter_cases(selectors.visible_cases(request.user), **filters)
    export = request.GET.get("export")
    if export == "csv":
        return csv_response("don-thu.csv", EXPORT_HEADER, _export_rows(qs))
    if export == "xlsx":
        return xlsx_response("don-thu.xlsx", [("Đơn thư", EXPORT_HEADER, _export_rows(qs))])
    qs, sort_state = sort(request, qs, {"ma": "tracking_code", "ngay": "received_on", "loai": "kind",
                                        "don_vi": "unit__name", "trang_thai": "status"}, "-ngay")
    # Only the columns the rows show (petitions_tags.case_rows; days left from the two due dates).
    page = paginate(request, qs.only(*LIST_FIELDS), 50)
    return render(request, "petitions/case_list.html", {
        "page": page, "filters": filters, "sort": sort_state, "today": timezone.localdate(),
        "statuses": Case.Status.choices, "kinds": Kind.choices, "fields": Field.choices,
        "query": request.GET.urlencode(),
    })
def case_create(request):
    form = CaseForm(request.POST or None)
    if not form.is_bound:
        unit = home_unit(request.user)
        form.initial.setdefault("unit", unit.key if unit else "")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        petitioners = []
        if data["name"]:
            petitioners.append({k: data[k] for k in ("name", "address", "phone", "id_number")}
                               | {"is_representative": True})
        try:
            case = services.case_create(
                actor=request.user, unit=data["unit"], kind=data["kind"], channel=data["channel"],
                subject=data["subject"], field=data["field"], received_on=data["received_on"],
                content=data["content"], location_unit=data["location_unit"],
                petitioner_type=data["petitioner_type"], headcount=data["headcount"], is_remote=data["is_remote"],
                is_complex=data["is_complex"], petitioners=petitioners, submission_key=data["submission_key"] or None,
                on_behalf=data["on_behalf"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã tiếp nhận đơn. Mã tra cứu cho người gửi: %(code)s") % {
                "code": case.tracking_code})
            return redirect(case)
    return render(request, "petitions/case_form.html", {"form": form, "title": _("Tiếp nhận đơn thư")})


STEPS = {
    "thu-ly": ("accept", _("Thụ lý"), ["on"]),
    "khong-thu-ly": ("not_accept", _("Không thụ lý"), ["on", "reason"]),
    "xac-minh": ("verify", _("Bắt đầu xác minh"), ["on"]),
    "doi-thoai": ("dialogue", _("Ghi nhận đối thoại"), ["on", "activity", "activity_label"]),
    "quyet-dinh": ("decide", _("Ra quyết định, kết luận"), ["on", "decision_number", "outcome", "outcome_note"]),
    "ket-thuc": ("close", _("Kết thúc hồ sơ"), ["on"]),
    "chuyen": ("transfer", _("Chuyển cơ quan có thẩm quyền"), ["on", "to_unit", "to_body", "reason"]),
    "rut-don": ("withdraw", _("Ghi nhận rút đơn"), ["on", "reason"]),
    "gop": ("merge", _("Gộp vào đơn trùng"), ["on", "duplicate_of"]),
    "gia-han": ("extend", _("Gia hạn giải quyết"), ["on", "decision_number", "days"]),
}
STEP_TARGET = {"accept": Case.Status.ACCEPTED, "not_accept": Case.Status.NOT_ACCEPTED,
               "verify": Case.Status.VERIFYING, "dialogue": Case.Status.DIALOGUE, "decide": Case.Status.DECIDED,
               "close": Case.Status.CLOSED, "transfer": Case.Status.TRANSFERRED, "withdraw": Case.Status.WITHDRAWN,
               "merge": Case.Status.MERGED}


def available_steps(case: Case) -> list[dict]:
    allowed = available_transitions(case)
    steps = []
    for slug, (name, label, fields) in STEPS.items():
        if name == "extend":
            ok = case.kind == Kind.TO_CAO and case.status in Case.IN_PROGRESS
        else:
            ok = STEP_TARGET[name] in allowed
        if ok:
            steps.append({"slug": slug, "label": label, "fields": fields})
    return steps
def case_detail(request, pk):
    case = object_or_404_scoped(Case.objects.select_related("unit", "location_unit", "duplicate_of",
                                                             "transferred_case", "hotspot"), request.user, pk=pk)
    today = timezone.localdate()
    show_identity = selectors.can_see_identity(request.user, case)
    if show_identity and case.is_denunciation:
        page_cache.skip(request)  # a denouncer's identity is decided afresh on every request, never re-served
    can_write = can(request.user, "write", case, on_behalf=True)
    petitioners = list(case.petitioners.all()) if show_identity else None
    return render(request, "petitions/case_detail.html", {
        "case": case, "today": today, "days_left": case.days_left(today), "overdue": case.is_overdue(today),
        "show_identity": show_identity,
        "petitioners": petitioners,
        "petitioner_count": len(petitioners) if petitioners is not None else case.petitioners.count(),
        "documents": case.documents.all(), "extensions": case.extensions.all(),
        "grants": case.identity_grants.select_related("user", "granted_by", "confirmed_by") if show_identity else None,
        "can_write": can_write, "can_grant": can_grant_identity(request.user, case),
        "identity_requests": _identity_requests(request.user, case),
        "decision_form": IdentityDecisionForm(),
        "steps": available_steps(case) if can_write else [],
        "step_form": StepForm(initial={"version": case.version, "on": today}),
        "petitioner_form": PetitionerForm(), "document_form": DocumentForm(), "grant_form": GrantForm(),
        "transferred_from": scope(Case.objects.filter(transferred_case=case), request.user).first(),
        "dialogue_url": _dialogue_url(case),
        "history": history_for(case)[:100],
    })


def _identity_requests(user, case) -> list:
    """Pending identity requests of a case, for the approvers who could act on them, with what each may do."""
    if not case.is_denunciation or not can_grant_identity(user, case):
        return []
    rows = []
    for found in case.identity_requests.filter(status=IdentityGrantRequest.Status.PENDING).select_related(
            "user", "requested_by"):
        rows.append({"request": found, "may_decide": can_decide_identity_request(user, found),
                     "is_mine": found.requested_by_id == user.pk})
    return rows


def _dialogue_url(case: Case) -> str:
    """The page of the activity a dialogue was picked from (its reference is "#<id>")."""
    ref = case.dialogue_ref or ""
    return reverse("activities:detail", args=[int(ref[1:])]) if ref[:1] == "#" and ref[1:].isdigit() else ""


def _ensure_write(user, case) -> None:
    ensure_can(user, "write", case, on_behalf=True)
def case_edit(request, pk):
    case = object_or_404_scoped(Case.objects.select_related("unit"), request.user, pk=pk)
    on_behalf = is_write_on_behalf(request.user, case)
    _ensure_write(request.user, case)
    initial = {name: getattr(case, name) for name in CaseEditForm.base_fields}
    form = CaseEditForm(request.POST or None, initial=initial)
    if case.is_final:
        messages.error(request, _("Vụ việc ở trạng thái “%(status)s” nên không thể sửa.") % {
            "status": case.get_status_display()})
        return redirect(case)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.case_update(actor=request.user, case=case, expected_version=version, on_behalf=on_behalf,
                                 **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect(case)
    return render(request, "petitions/case_form.html", {"form": form, "case": case, "title": _("Sửa vụ việc")})
@require_POST
def case_step(request, pk, step):
    case = object_or_404_scoped(Case.objects.select_related("unit"), request.user, pk=pk)
    if step not in STEPS:
        raise Http404
    name = STEPS[step][0]
    form = StepForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(case)
    data = form.cleaned_data
    on_behalf = is_write_on_behalf(request.user, case)
    common = {"actor": request.user, "case": case, "on_behalf": on_behalf}
    version = data.get("version")
    try:
        if name == "accept":
            services.case_accept(accepted_on=data["on"], expected_version=version, **common)
        elif name == "not_accept":
            services.case_not_accept(on=data["on"], reason=data["reason"], expected_version=version, **common)
        elif name == "verify":
            services.case_start_verification(on=data["on"], expected_version=version, **common)
        elif name == "dialogue":
            activity = data["activity"]  # picked by title; kept as its reference and its name
            services.case_record_dialogue(
                on=data["on"], activity_ref=(activity.external_ref or f"#{activity.pk}") if activity else "",
                activity_label=data["activity_label"] or (activity.title if activity else ""),
                expected_version=version, **common)
        elif name == "decide":
            services.case_decide(on=data["on"], decision_number=data["decision_number"], outcome=data["outcome"],
                                 outcome_note=data["outcome_note"], expected_version=version, **common)
        elif name == "close":
            services.case_close(on=data["on"], expected_version=version, **common)
        elif name == "transfer":
            services.case_transfer(on=data["on"], to_unit=data["to_unit"], to_body=data["to_body"],
                                   reason=data["reason"], expected_version=version, **common)
        elif name == "withdraw":
            services.case_withdraw(on=data["on"], reason=data["reason"], expected_version=version, **common)
        elif name == "merge":
            # Picked by subject or tracking code among the cases the user may read.
            into = data["duplicate_of"]
            if into is None or not selectors.visible_cases(request.user).filter(pk=into.pk).exists():
                raise ValidationError({"duplicate_of": _(
                    "Hãy chọn đơn gốc (gõ vài chữ của nội dung hoặc mã tra cứu).")})
            services.case_merge(into=into, on=data["on"], expected_version=version, **common)
        elif name == "extend":
            services.case_extend(decision_number=data["decision_number"], decided_on=data["on"],
                                 days=data["days"], expected_version=version, **common)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã cập nhật: %(step)s.") % {"step": STEPS[step][1]})
    return redirect(case)
def petitioner_add(request, pk):
    case = object_or_404_scoped(Case.objects.select_related("unit"), request.user, pk=pk)
    _ensure_write(request.user, case)
    form = PetitionerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.petitioner_add(actor=request.user, case=case, data=form.cleaned_data,
                                    on_behalf=is_write_on_behalf(request.user, case))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã thêm người gửi đơn."))
            return redirect(case)
    else:
        ensure_can_see_identity(request.user, case)
    return render(request, "petitions/simple_form.html", {"form": form, "case": case,
                                                          "title": _("Thêm người gửi đơn")})
def petitioner_edit(request, pk):
    petitioner = object_or_404_scoped(Petitioner.objects.select_related("case__unit"), request.user, pk=pk)
    case = petitioner.case
    ensure_can_see_identity(request.user, case)
    _ensure_write(request.user, case)
    initial = {f: getattr(petitioner, f) for f in PetitionerForm.base_fields}
    form = PetitionerForm(request.POST or None, initial=initial)
    if request.method == "POST":
        on_behalf = is_write_on_behalf(request.user, case)
        try:
            if request.POST.get("delete"):
                services.petitioner_delete(actor=request.user, petitioner=petitioner, on_behalf=on_behalf)
                messages.success(request, _("Đã xóa người gửi đơn."))
                return redirect(case)
            if form.is_valid():
                services.petitioner_update(actor=request.user, petitioner=petitioner, data=form.cleaned_data,
                                           on_behalf=on_behalf)
                messages.success(request, _("Đã lưu thay đổi."))
                return redirect(case)
        except ValidationError as error:
            add_service_errors(form, error)
    return render(request, "petitions/simple_form.html", {"form": form, "case": case, "deletable": True,
                                                          "title": _("Sửa thông tin người gửi đơn")})
def document_add(request, pk):
    case = object_or_404_scoped(Case.objects.select_related("unit"), request.user, pk=pk)
    _ensure_write(request.user, case)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_add(actor=request.user, case=case, upload=form.cleaned_data["file"],
                                  description=form.cleaned_data["description"],
                                  on_behalf=is_write_on_behalf(request.user, case))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã đính kèm tài liệu."))
            return redirect(case)
    return render(request, "petitions/simple_form.html", {"form": form, "case": case, "multipart": True,
                                                          "title": _("Đính kèm tài liệu")})
def document_download(request, pk):
    document = object_or_404_scoped(CaseDocument.objects.select_related("case__unit"), request.user, pk=pk)
    case = document.case
    # A denunciation's papers reveal the denouncer: same right as the identity itself.
    if case.kind == Kind.TO_CAO and not selectors.can_see_identity(request.user, case):
        raise PermissionDenied(_("Tài liệu của đơn tố cáo chỉ người được cấp quyền mới xem được."))
    filename = document.original_name if selectors.can_see_identity(request.user, case) else (
        f"tai-lieu-{document.pk}.{document.extension}")
    try:
        return uploads.attachment_response(document.file, filename,
                                           uploads.FILE_TYPES.get(document.extension, ("application/octet-stream",))[0])
    except FileNotFoundError:
        raise Http404 from None
@require_POST
def document_delete(request, pk):
    document = object_or_404_scoped(CaseDocument.objects.select_related("case__unit"), request.user, pk=pk)
    case = document.case
    try:
        services.document_delete(actor=request.user, document=document,
                                 on_behalf=is_write_on_behalf(request.user, case))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã xóa tài liệu."))
    return redirect(case)
