"""Thin views: parse, call a service or selector, render. Every read goes through the gatekeeper."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.accounts.permissions import (
    APPROVE,
    WRITE,
    can,
    home_unit,
    is_write_on_behalf,
    object_or_404_scoped,
    scope,
    writable_units,
)
from danvan.core.exports import csv_response, xlsx_response
from danvan.core.formatting import format_date_short
from danvan.core.forms import add_service_errors, keep_typed, take_typed
from danvan.core.imports import ImportFailed, parse_date
from danvan.core.params import int_param, page_param, year_param
from danvan.core.picker import typed_key
from danvan.core.sorting import SortState
from danvan.jobs.web import background_import, error_report
from danvan.orgunits.models import OrgUnit, Sector

from . import attachments as attachment_services
from . import forms, selectors, services, tabular
from .importers import import_models
from .models import Attachment, DvkModel, DvkYear, Field, Level
from .rules import can_recognise, reporting_year


def _int(value, default=None):
    return int_param(value, default=default)


def _model_data(form) -> dict | None:
    """The form's model fields with the collective unit key resolved; None (with a form error) if unknown."""
    data = form.model_data()
    key = (data.pop("collective_unit", "") or "").strip().upper()
    data["collective_unit"] = OrgUnit.objects.filter(key=key).first() if key else None
    if key and data["collective_unit"] is None:
        form.add_error("collective_unit", _("Mã đơn vị của tập thể: không tìm thấy đơn vị “%(v)s”.") % {"v": key})
        return None
    return data


def _scoped_unit(request, key: str | None) -> OrgUnit | None:
    if not key:
        return None
    return object_or_404_scoped(OrgUnit.objects.all(), request.user, key=typed_key(key, request.user).upper())


def list_filters(request) -> selectors.ListFilters:
    g = request.GET
    return selectors.ListFilters(
        unit=_scoped_unit(request, g.get("don_vi")), year=year_param(g.get("nam")), status=g.get("trang_thai", ""),
        field=g.get("linh_vuc", ""), subject=g.get("doi_tuong", ""), kind=g.get("loai", ""), level=g.get("cap", ""),
        sector=g.get("khoi", ""), q=g.get("q", "").strip(), sort=g.get("sap_xep", "moi"),
    )


def _choices_context() -> dict:
    return {
        "statuses": DvkYear.Status.choices, "fields": Field.objects.filter(is_active=True),
        "subjects": DvkModel.Subject.choices, "kinds": DvkModel.Kind.choices, "levels": Level.choices,
        "sectors": Sector.objects.all(), "sorts": [
            ("moi", _("Mới nhập trước")), ("cu", _("Cũ trước")), ("ten", _("Tên A–Z")),
            ("ngay-dang-ky", _("Ngày đăng ký")), ("ngay-cong-nhan", _("Ngày công nhận")), ("don-vi", _("Đơn vị")),
        ],
    }
def model_list(request):
    filters = list_filters(request)
    page = selectors.page_of(selectors.year_rows(request.user, filters), page_param(request.GET.get("page")))
    query = request.GET.copy()
    query.pop("page", None)
    column = filters.sort.lstrip("-")
    sort_state = SortState(column, filters.sort.startswith("-")) if column in selectors.COLUMN_SORTS else None
    return render(request, "registry/list.html", {
        "filters": filters, "page": page, "query": query.urlencode(), **_choices_context(), "sort": sort_state,
        "can_write": writable_units(request.user).exists(),
    })
def export(request, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    filters = list_filters(request)
    rows = tabular.export_rows(tabular.export_queryset(selectors.year_rows(request.user, filters)))
    stamp = timezone.localdate().strftime("%Y%m%d")
    if fmt == "csv":
        return csv_response(f"mo-hinh-dan-van-kheo-{stamp}.csv", tabular.HEADER, rows)
    return xlsx_response(f"mo-hinh-dan-van-kheo-{stamp}.xlsx", [("Mô hình", tabular.HEADER, rows)])
def import_template(request):
    response = HttpResponse(tabular.template_workbook(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-mo-hinh-dan-van-kheo.xlsx"'
    return response
def import_view(request):
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    errors = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        queued = background_import(request, "registry", upload, {"back_url": reverse("registry:list"),
                                                                 "import_url": request.path})
        if queued:
            return queued
        try:
            result = import_models(actor=request.user, data=upload.read())
        except ImportFailed as failure:
            errors = error_report(request, "registry", failure.errors, upload.name)
        else:
            messages.success(request, _("Đã nhập: %(c)s mới, %(u)s cập nhật, %(n)s không đổi.")
                             % {"c": result.created, "u": result.updated, "n": result.unchanged})
            return redirect("registry:list")
    return render(request, "registry/import.html", {"form": form, "errors": errors})
def create(request):
    if request.method == "POST":
        form = forms.CreateForm(request.POST)
        if form.is_valid():
            unit = OrgUnit.objects.filter(key=form.cleaned_data["unit"].strip().upper()).first()
            data = _model_data(form)
            if data is None:
                pass
            elif unit is None:
                form.add_error("unit", _("Mã đơn vị: không tìm thấy đơn vị “%(v)s”.")
                               % {"v": form.cleaned_data["unit"]})
            else:
                try:
                    model = services.create_model(
                        actor=request.user, unit=unit, year=form.cleaned_data["year"], data=data,
                        on_behalf=form.cleaned_data["on_behalf"], register=form.cleaned_data["register"],
                        registered_on=form.cleaned_data["registered_on"],
                        submission_key=form.cleaned_data["submission_key"])
                except ValidationError as error:
                    add_service_errors(form, error)
                except PermissionDenied as denied:
                    form.add_error("unit", str(denied))
                else:
                    messages.success(request, _("Đã lưu mô hình “%(n)s”.") % {"n": model.name})
                    return redirect(model)
    else:
        unit = home_unit(request.user)
        form = forms.CreateForm(initial={
            "unit": unit.key if unit else "", "year": reporting_year(timezone.localdate()), "register": True,
            "registered_on": timezone.localdate(), "submission_key": uuid.uuid4(),
            "kind": DvkModel.Kind.MODEL, "subject": DvkModel.Subject.COLLECTIVE})
    return render(request, "registry/form.html", {"form": form, "title": _("Đăng ký mô hình, điển hình")})


def _model(request, pk) -> DvkModel:
    return object_or_404_scoped(DvkModel.objects.select_related("unit", "field", "sector", "replicated_from"),
                                request.user, pk=pk)
def edit(request, pk: int):
    model = _model(request, pk)
    on_behalf = is_write_on_behalf(request.user, model)
    if not can(request.user, WRITE, model, on_behalf=True):
        raise PermissionDenied(_("Bạn không có quyền sửa mô hình của đơn vị này."))
    if request.method == "POST":
        form = forms.ModelForm(request.POST)
        data = _model_data(form) if form.is_valid() else None
        if data is not None:
            try:
                services.update_model(actor=request.user, model=model, data=data,
                                      expected_version=form.cleaned_data["version"], on_behalf=on_behalf)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Đã lưu thay đổi."))
                return redirect(model)
    else:
        initial = {name: getattr(model, name) for name in services.MODEL_FIELDS if name != "collective_unit"}
        initial["collective_unit"] = model.collective_unit.key if model.collective_unit_id else ""
        initial["version"] = model.version
        form = forms.ModelForm(initial=initial)
    return render(request, "registry/form.html", {"form": form, "model": model, "title": _("Sửa mô hình")})
def detail(request, pk: int):
    model = _model(request, pk)
    years = list(model.years.order_by("-year"))
    selected = next((y for y in years if y.year == year_param(request.GET.get("nam"))), years[0] if years else None)
    user = request.user
    may_write = can(user, WRITE, model, on_behalf=True)
    may_approve = can(user, APPROVE, model)
    recognise_levels = [(k, v) for k, v in Level.choices if can_recognise(user, model.unit, k)]
    criteria = list(services.criteria_for(model.unit))
    attachments = list(model.attachments.all())
    kept_action, kept = take_typed(request)
    version = selected.version if selected else None

    def typed(action: str, **initial) -> dict:
        """The initial values, or what the user typed when this action was just refused."""
        return {**initial, **kept, "version": initial.get("version")} if action == kept_action else initial

    context = {
        "kept_action": kept_action,
        "model": model, "years": years, "selected": selected, "may_write": may_write, "may_approve": may_approve,
        "may_assess": services.can_assess(user, model.unit), "recognise_levels": recognise_levels,
        "criteria": criteria, "attachments": attachments,
        "assessments": selected.assessments.select_related("assessor") if selected else [],
        "replications": scope(model.replications.select_related("unit"), user),
        "history": selectors.history(model, years=years, attachments=attachments)[:100], "Status": DvkYear.Status,
        "forms": {
            "register_year": forms.RegisterYearForm(initial={"year": reporting_year(timezone.localdate())}),
            "submit": forms.SubmitForm(initial={"version": selected.version if selected else None,
                                                "registered_on": timezone.localdate()}),
            "note": forms.NoteForm(initial=typed("tra-lai", version=version)),
            "recognise": forms.RecogniseForm(initial=typed("cong-nhan", version=version)),
            "not_recognise": forms.NotRecogniseForm(initial=typed("khong-cong-nhan", version=version)),
            "honour": forms.HonourForm(initial=typed("ton-vinh", version=version)),
            "attachment": forms.AttachmentForm(), "replicate": forms.ReplicateForm(initial=typed("nhan-rong")),
            "discontinue": forms.DiscontinueForm(initial=typed("ngung", version=model.version)),
        },
    }
    if recognise_levels:
        context["forms"]["recognise"].fields["level"].choices = recognise_levels
    return render(request, "registry/detail.html", context)


def _report(request, error: ValidationError) -> None:
    for message in (error.messages if not hasattr(error, "error_dict") else
                    [m for msgs in error.message_dict.values() for m in msgs]):
        messages.error(request, message)
@require_POST
def year_action(request, pk: int, year: int, action: str):
    model = _model(request, pk)
    dvk_year = model.years.filter(year=year).first()
    if dvk_year is None:
        raise Http404(_("Mô hình chưa đăng ký năm này."))
    p = request.POST
    version = _int(p.get("version"))
    user = request.user
    try:
        if action == "dang-ky":
            services.submit(actor=user, dvk_year=dvk_year, registered_on=parse_date(p.get("registered_on", "") or "")
                            if p.get("registered_on") else None, on_behalf=is_write_on_behalf(user, model),
                            expected_version=version)
        elif action == "binh-xet":
            services.start_assessment(actor=user, dvk_year=dvk_year, expected_version=version)
        elif action == "tra-lai":
            services.return_for_changes(actor=user, dvk_year=dvk_year, note=p.get("note", ""),
                                        expected_version=version)
        elif action == "cong-nhan":
            services.recognise(actor=user, dvk_year=dvk_year, level=p.get("level", ""),
                               recognising_body=p.get("recognising_body", ""),
                               decision_number=p.get("decision_number", ""),
                               decision_date=parse_date(p.get("decision_date") or "") if p.get("decision_date")
                               else None,
                               recognised_on=parse_date(p.get("recognised_on") or "") if p.get("recognised_on")
                               else None, expected_version=version)
        elif action == "khong-cong-nhan":
            services.not_recognise(actor=user, dvk_year=dvk_year, reason=p.get("reason", ""), expected_version=version)
        elif action == "ton-vinh":
            services.honour(actor=user, dvk_year=dvk_year, level=p.get("level", ""), event=p.get("event", ""),
                            honoured_on=parse_date(p.get("honoured_on") or "") if p.get("honoured_on") else None,
                            expected_version=version)
        elif action == "cham-diem":
            scores = {key[len("score_"):]: value for key, value in p.items() if key.startswith("score_") and value}
            services.record_assessment(actor=user, dvk_year=dvk_year, scores=scores, comment=p.get("comment", ""))
        else:
            raise Http404
    except ValidationError as error:
        _report(request, error)
        keep_typed(request, action)
    else:
        messages.success(request, _year_done_message(action, model, dvk_year))
    return redirect(dvk_year.get_absolute_url())


def _year_done_message(action: str, model: DvkModel, dvk_year: DvkYear) -> str:
    """What just happened, in words ("Đã công nhận mô hình … theo Quyết định số …")."""
    dvk_year.refresh_from_db()
    names = {"m": model.name, "y": dvk_year.year}
    if action == "cong-nhan":
        if dvk_year.decision_number:
            return _("Đã công nhận mô hình “%(m)s” năm %(y)s theo Quyết định số %(d)s%(on)s.") % {
                **names, "d": dvk_year.decision_number,
                "on": (_(" ngày %(date)s") % {"date": format_date_short(dvk_year.decision_date)})
                if dvk_year.decision_date else ""}
        return _("Đã công nhận mô hình “%(m)s” năm %(y)s.") % names
    messages_by_action = {
        "dang-ky": _("Đã đăng ký mô hình “%(m)s” năm %(y)s."),
        "binh-xet": _("Đã đưa mô hình “%(m)s” năm %(y)s ra bình xét."),
        "tra-lai": _("Đã trả lại mô hình “%(m)s” năm %(y)s để bổ sung."),
        "khong-cong-nhan": _("Đã ghi nhận không công nhận mô hình “%(m)s” năm %(y)s."),
        "ton-vinh": _("Đã ghi nhận tôn vinh mô hình “%(m)s” năm %(y)s."),
        "cham-diem": _("Đã lưu phiếu chấm mô hình “%(m)s” năm %(y)s."),
    }
    return messages_by_action.get(action, _("Đã cập nhật.")) % names
@require_POST
def model_action(request, pk: int, action: str):
    model = _model(request, pk)
    user, p = request.user, request.POST
    on_behalf = is_write_on_behalf(user, model)
    try:
        if action == "dang-ky-nam":
            year = year_param(p.get("year"))
            dvk_year = services.register_year(
                actor=user, model=model, year=year if year is not None else -1, on_behalf=on_behalf,
                registered_on=parse_date(p.get("registered_on") or "") if p.get("registered_on") else None)
            messages.success(request, _("Đã đăng ký năm %(y)s.") % {"y": dvk_year.year})
            return redirect(dvk_year.get_absolute_url())
        if action == "nhan-rong":
            original_pk = _int(typed_key(p.get("original"), user, "model"), 0)
            original = object_or_404_scoped(DvkModel.objects.all(), user, pk=original_pk)
            services.mark_replicated(actor=user, original=original, copy=model, on_behalf=on_behalf)
        elif action == "ngung":
            services.discontinue(actor=user, model=model, on=parse_date(p.get("on") or "") if p.get("on") else None,
                                 reason=p.get("reason", ""), on_behalf=on_behalf,
                                 expected_version=_int(p.get("version")))
        elif action == "tep":
            form = forms.AttachmentForm(p, request.FILES)
            if not form.is_valid():
                raise ValidationError({"file": _("Tệp đính kèm: chưa chọn tệp.")})
            attachment_services.add_attachment(actor=user, model=model, uploaded=form.cleaned_data["file"],
                                               description=form.cleaned_data["description"], on_behalf=on_behalf)
        else:
            raise Http404
    except ValidationError as error:
        _report(request, error)
        keep_typed(request, action)
    else:
        done = {"nhan-rong": _("Đã ghi nhận mô hình “%(m)s” nhân rộng từ một mô hình khác."),
                "ngung": _("Đã ghi nhận mô hình “%(m)s” ngừng thực hiện."),
                "tep": _("Đã tải tệp lên mô hình “%(m)s”.")}
        messages.success(request, done.get(action, _("Đã cập nhật.")) % {"m": model.name})
    return redirect(model)
def attachment_download(request, pk: int, attachment_id: int):
    attachment = object_or_404_scoped(Attachment.objects.select_related("model__unit"), request.user,
                                      pk=attachment_id, model_id=pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Tệp không còn trên máy chủ.")) from None
    response = FileResponse(handle, as_attachment=True, filename=attachment.original_name,
                            content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
@require_POST
def attachment_delete(request, pk: int, attachment_id: int):
    attachment = object_or_404_scoped(Attachment.objects.select_related("model__unit"), request.user,
                                      pk=attachment_id, model_id=pk)
    attachment_services.delete_attachment(actor=request.user, attachment=attachment,
                                          on_behalf=is_write_on_behalf(request.user, attachment.model))
    messages.success(request, _("Đã xóa tệp."))
    return redirect("registry:detail", pk=pk)


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
