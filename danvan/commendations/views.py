"""Thin views: read through scope()/object_or_404_scoped(), write through services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.accounts.permissions import WRITE, approve_above_q, can, home_unit, object_or_404_scoped, scope
from danvan.core.actions import posted_on_behalf, run_action, unit_asked_or_home
from danvan.core.audit import history_for
from danvan.core.exports import csv_response, xlsx_response
from danvan.core.forms import add_service_errors
from danvan.core.imports import ImportFailed
from danvan.core.paging import paginate
from danvan.core.params import int_param, year_param
from danvan.core.picker import typed_key
from danvan.core.sorting import sort
from danvan.jobs.web import background_import, error_report
from danvan.orgunits.models import OrgUnit

from . import importers, selectors, services
from .forms import CommendationForm, DecisionForm, ImportForm
from .models import AwardForm, Commendation


def resolve_unit(key: str, field: str, label: str) -> OrgUnit:
    unit = OrgUnit.objects.filter(key=(key or "").strip()).first()
    if unit is None:
        raise ValidationError({field: _("%(f)s: không có đơn vị với mã “%(k)s”.") % {"f": label, "k": key}})
    return unit


def _int(value) -> int | None:
    return int_param(value)


class ListFilters:
    """The list filters read from GET, shared by the list page and the exports."""

    def __init__(self, request):
        get = request.GET
        self.unit_key = typed_key(get.get("don_vi"), request.user)
        self.year = year_param(get.get("nam"))
        self.form = get.get("hinh_thuc", "").strip()
        self.award_level = get.get("cap", "").strip()
        self.recipient_type = get.get("doi_tuong", "").strip()
        self.status = get.get("trang_thai", "").strip()
        self.query = get.get("q", "").strip()
        self.boundaries = selectors.HISTORICAL if get.get("ranh_gioi") == "lich_su" else selectors.CURRENT
        self.waiting = get.get("cho_duyet") == "1"
        self.unit = None
        if self.unit_key:
            self.unit = scope(OrgUnit.objects.filter(key=self.unit_key), request.user).first()
            if self.unit is None:
                raise Http404(_("Không tìm thấy bản ghi hoặc bạn không có quyền xem."))

    def apply(self, request):
        qs = selectors.visible(request.user)
        qs = selectors.filter_commendations(
            qs, subtree=self.unit, boundaries=self.boundaries, year=self.year, form=self.form,
            award_level=self.award_level, recipient_type=self.recipient_type, status=self.status, query=self.query)
        if self.waiting:
            qs = qs.filter(status__in=[Commendation.Status.PROPOSED, Commendation.Status.APPROVED])
            above = approve_above_q(request.user, prefix="proposing_unit__")
            if above is not None:
                qs = qs.filter(above)
        return selectors.with_related(qs)


# Only the columns the list's rows show.
LIST_FIELDS = ("recipient_name", "recipient_type", "recipient_position", "award_class", "period_start_year",
               "period_end_year", "decision_number", "decision_date", "status", "unit__name", "form__name",
               "recipient_unit__name")


def commendation_list(request):
    filters = ListFilters(request)
    # The default order (newest decision first) is read off an index at 150.000 rows; other columns on demand.
    qs, sort_state = sort(request, filters.apply(request), {
        "doi_tuong": "recipient_name", "hinh_thuc": "form__name", "don_vi": "unit__name",
        "giai_doan": "period_start_year", "quyet_dinh": "decision_date", "trang_thai": "status"}, "-quyet_dinh")
    # Only the columns the rows show (templatetags/commendation_rows.py).
    qs = qs.select_related(None).select_related("unit", "form", "recipient_unit").only(*LIST_FIELDS)
    page = paginate(request, qs, 50)
    return render(request, "commendations/list.html", {
        "page": page, "f": filters, "sort": sort_state, "forms": AwardForm.objects.all(),
        "statuses": Commendation.Status.choices, "recipient_types": Commendation.RecipientType.choices,
        "levels": AwardForm.Level.choices, "query_string": request.GET.urlencode(),
        "can_create": request.user.is_superuser or scope(OrgUnit.objects.all(), request.user, WRITE).exists(),
    })


def _export_rows(qs):
    for c in qs.iterator(chunk_size=2000):
        yield importers.export_row(c)
def export_csv(request):
    qs = ListFilters(request).apply(request).order_by("id")
    return csv_response("khen-thuong.csv", importers.EXPORT_HEADER, _export_rows(qs))
def export_xlsx(request):
    qs = ListFilters(request).apply(request).order_by("id")
    return xlsx_response("khen-thuong.xlsx", [(_("Khen thưởng"), importers.EXPORT_HEADER, _export_rows(qs))])


def _form_kwargs(data: dict) -> dict:
    """Form data → service keyword arguments (unit keys resolved; unknown keys are field errors)."""
    errors: dict[str, list[str]] = {}
    units = {}
    for field, target, label, required in (
            ("unit_key", "unit", _("Đơn vị được khen"), True),
            ("proposing_unit_key", "proposing_unit", _("Đơn vị đề nghị"), False),
            ("recipient_unit_key", "recipient_unit", _("Tập thể là đơn vị"), False)):
        key = data.get(field) or ""
        if not key and not required:
            units[target] = None
            continue
        try:
            units[target] = resolve_unit(key, field, label)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return {
        **units, "recipient_type": data["recipient_type"], "recipient_name": data["recipient_name"],
        "recipient_position": data["recipient_position"], "recipient_unit_text": data["recipient_unit_text"],
        "form": data["form"], "award_class": data["award_class"] or "",
        "issuing_authority": data["issuing_authority"], "reason": data["reason"],
        "period_start_year": data["period_start_year"], "period_end_year": data["period_end_year"],
        "link_kind": data["link_kind"] or "", "link_id": data["link_id"], "link_label": data["link_label"],
        "external_ref": data["external_ref"],
    }


# service field → form field, so service errors land next to the right input
_FIELD_MAP = {"unit": "unit_key", "proposing_unit": "proposing_unit_key", "recipient_unit": "recipient_unit_key"}


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        error = ValidationError({_FIELD_MAP.get(k, k): v for k, v in error.error_dict.items()})
    add_service_errors(form, error)
def commendation_create(request):
    form = CommendationForm(request.POST or None, initial=_create_initial(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            kwargs = _form_kwargs(data)
            obj = services.commendation_create(
                actor=request.user, on_behalf=data["on_behalf"], confirm_duplicate=data["confirm_duplicate"],
                submission_key=data["submission_key"] or "", **kwargs)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Đã lưu dự thảo đề nghị khen thưởng."))
            return redirect(obj)
    return render(request, "commendations/form.html", {"form": form, "title": _("Thêm khen thưởng")})


def _create_initial(request) -> dict:
    unit = home_unit(request.user)
    return {"unit_key": unit.key if unit else "", "period_start_year": selectors.rules_today().year}
def commendation_edit(request, pk):
    obj = object_or_404_scoped(selectors.with_related(Commendation.objects.all()), request.user, pk=pk)
    if not (can(request.user, WRITE, obj.proposing_unit, on_behalf=True)):
        raise PermissionDenied(_("Bạn không có quyền nhập hoặc sửa dữ liệu của đơn vị này."))
    initial = {
        "unit_key": obj.unit.key, "proposing_unit_key": obj.proposing_unit.key,
        "recipient_unit_key": obj.recipient_unit.key if obj.recipient_unit_id else "",
        "on_behalf": not can(request.user, WRITE, obj.proposing_unit), "version": obj.version,
        **{name: getattr(obj, name) for name in (
            "recipient_type", "recipient_name", "recipient_position", "recipient_unit_text", "form", "award_class",
            "issuing_authority", "reason", "period_start_year", "period_end_year", "link_kind",
            "link_label", "external_ref")},
        "link_record": CommendationForm.linked_record(obj.link_kind, obj.link_id),
    }
    form = CommendationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            kwargs = _form_kwargs(data)
            services.commendation_update(
                actor=request.user, commendation=obj, expected_version=data["version"],
                on_behalf=data["on_behalf"], confirm_duplicate=data["confirm_duplicate"], **kwargs)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect(obj)
    return render(request, "commendations/form.html", {"form": form, "obj": obj, "title": _("Sửa khen thưởng")})
def commendation_detail(request, pk):
    obj = object_or_404_scoped(selectors.with_related(Commendation.objects.all()), request.user, pk=pk)
    user = request.user
    may_write = can(user, WRITE, obj.proposing_unit, on_behalf=True)
    above = services.is_above(user, obj.proposing_unit)
    S = Commendation.Status
    return render(request, "commendations/detail.html", {
        "obj": obj, "history": history_for(obj)[:100],
        "on_behalf": not can(user, WRITE, obj.proposing_unit),
        "can_edit": may_write and obj.is_editable,
        "can_propose": may_write and obj.status in (S.DRAFT, S.RETURNED),
        "can_cancel": may_write and obj.status in (S.DRAFT, S.RETURNED),
        "can_delete": may_write and obj.status in (S.DRAFT, S.CANCELLED),
        "can_approve": above and obj.status == S.PROPOSED,
        "can_return": above and obj.status in (S.PROPOSED, S.APPROVED),
        "can_decide": above and obj.status == S.APPROVED,
        "decision_form": DecisionForm(initial={"issuing_authority": obj.issuing_authority, "version": obj.version}),
    })


def _action(request, pk, run, form=None):
    obj = object_or_404_scoped(selectors.with_related(Commendation.objects.all()), request.user, pk=pk)
    return run_action(request, obj, run, back=reverse("commendations:detail", args=[pk]), gone="commendations:list",
                      form=form)


def _version(request) -> int | None:
    return _int(request.POST.get("version"))


@require_POST
def commendation_propose(request, pk):
    def run(obj):
        services.commendation_propose(actor=request.user, commendation=obj, on_behalf=posted_on_behalf(request),
                                      confirm_duplicate=request.POST.get("confirm_duplicate") == "1",
                                      expected_version=_version(request))
        return _("Đã gửi đề nghị khen thưởng lên cấp trên.")
    return _action(request, pk, run)
@require_POST
def commendation_approve(request, pk):
    def run(obj):
        services.commendation_approve(actor=request.user, commendation=obj, note=request.POST.get("note", ""),
                                      expected_version=_version(request))
        return _("Đã duyệt đề nghị.")
    return _action(request, pk, run)
@require_POST
def commendation_return(request, pk):
    def run(obj):
        services.commendation_return(actor=request.user, commendation=obj, note=request.POST.get("note", ""),
                                     expected_version=_version(request))
        return _("Đã trả lại đề nghị cho đơn vị đề nghị.")
    return _action(request, pk, run)
@require_POST
def commendation_decide(request, pk):
    form = DecisionForm(request.POST)

    def run(obj):
        data = form.cleaned_data
        services.commendation_decide(actor=request.user, commendation=obj, decision_number=data["decision_number"],
                                     decision_date=data["decision_date"], issuing_authority=data["issuing_authority"],
                                     expected_version=data["version"])
        return _("Đã ghi nhận quyết định khen thưởng.")
    return _action(request, pk, run, form=form)
@require_POST
def commendation_cancel(request, pk):
    def run(obj):
        services.commendation_cancel(actor=request.user, commendation=obj, note=request.POST.get("note", ""),
                                     on_behalf=posted_on_behalf(request), expected_version=_version(request))
        return _("Đã hủy đề nghị.")
    return _action(request, pk, run)
@require_POST
def commendation_delete(request, pk):
    def run(obj):
        services.commendation_delete(actor=request.user, commendation=obj, on_behalf=posted_on_behalf(request))
        obj.pk = None
        return _("Đã xóa hồ sơ.")
    return _action(request, pk, run)
def commendation_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        queued = background_import(request, "commendations", upload, {
            "back_url": reverse("commendations:list"), "import_url": request.path})
        if queued:
            return queued
        try:
            result = importers.import_commendations(actor=request.user, data=upload.read())
        except ImportFailed as failure:
            errors = error_report(request, "commendations", failure.errors, upload.name)
        else:
            messages.success(request, _("Đã nhập: %(c)s mới, %(u)s cập nhật, %(n)s không đổi.") % {
                "c": result.created, "u": result.updated, "n": result.unchanged})
            return redirect("commendations:list")
    return render(request, "commendations/import.html", {
        "form": form, "errors": errors, "required": importers.REQUIRED, "optional": importers.OPTIONAL})
def commendation_stats(request):
    unit = unit_asked_or_home(request)
    year = year_param(request.GET.get("nam")) or selectors.rules_today().year
    boundaries = selectors.CURRENT if request.GET.get("ranh_gioi") == "hien_nay" else selectors.HISTORICAL
    summary = selectors.engine_summary(unit=unit, year=year, boundaries=boundaries)
    children = [row for row in selectors.engine_by_child(unit=unit, year=year, boundaries=boundaries)
                if row["unit"] is None or can(request.user, "view", row["unit"])]
    return render(request, "commendations/stats.html", {
        "s": summary, "children": children, "levels": dict(AwardForm.Level.choices),
        "unit_levels": dict(OrgUnit.Level.choices),
    })
