"""Thin views: read through the scoped selectors and object_or_404_scoped, write through services."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.accounts import permissions
from danvan.accounts.permissions import WRITE, can, home_unit, object_or_404_scoped, scope
from danvan.core.actions import NOT_SAVED, run_action, save_form, show_errors
from danvan.core.audit import history_for
from danvan.core.clock import today
from danvan.core.exports import xlsx_response
from danvan.core.forms import add_service_errors
from danvan.core.imports import ImportFailed
from danvan.core.paging import paginate
from danvan.core.params import int_param, year_param
from danvan.core.picker import bind_user, typed_key
from danvan.orgunits.models import OrgUnit

from . import importers, selectors, services
from .forms import ImportForm, ItemForm, LinkForm, ProgrammeEditForm, ProgrammeForm, StatusForm
from .models import Programme, ProgrammeItem


def _unit_filter(request, name: str = "don_vi") -> tuple[str, OrgUnit | None]:
    key = typed_key(request.GET.get(name), request.user)
    if not key:
        return "", None
    unit = scope(OrgUnit.objects.filter(key=key), request.user).first()
    if unit is None:
        raise Http404(_("Không tìm thấy bản ghi hoặc bạn không có quyền xem."))
    return key, unit


def _version(request) -> int | None:
    return int_param(request.POST.get("version"))


def _programme(request, pk) -> Programme:
    return object_or_404_scoped(Programme.objects.select_related("unit", "approved_by"), request.user, pk=pk)


def _item(request, pk) -> ProgrammeItem:
    return object_or_404_scoped(
        ProgrammeItem.objects.select_related("programme", "programme__unit", "owner_unit"), request.user, pk=pk)


def _can_create(user) -> bool:
    return user.is_superuser or scope(OrgUnit.objects.all(), user, WRITE).exists()


# --- programmes ------------------------------------------------------------------------------------------------

def programme_list(request):
    unit_key, unit = _unit_filter(request)
    year = year_param(request.GET.get("nam"))
    status = request.GET.get("trang_thai", "").strip()
    qs = selectors.filter_programmes(selectors.visible_programmes(request.user), unit=unit, year=year, status=status)
    page = paginate(request, qs.order_by("-year", "unit__path", "id"), 50)
    shown_unit = unit or home_unit(request.user)
    shown_year = year or today().year
    completion = selectors.completion(unit=shown_unit, period=shown_year) if shown_unit is not None else None
    return render(request, "programme/list.html", {
        "page": page, "unit_key": unit_key, "year": year, "status": status, "statuses": Programme.Status.choices,
        "completion": completion, "can_create": _can_create(request.user),
    })


def programme_create(request):
    form = bind_user(ProgrammeForm(request.POST or None, initial=_create_initial(request)), request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            obj = services.programme_create(actor=request.user, unit=data["unit"], year=data["year"] or 0,
                                            theme=data["theme"], symbol=data["symbol"], summary=data["summary"])
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as denied:
            form.add_error("unit", str(denied))
        else:
            messages.success(request, _("Đã lập dự thảo chương trình công tác."))
            return redirect(obj)
    return render(request, "programme/form.html", {"form": form, "title": _("Lập chương trình công tác năm")})


def _create_initial(request) -> dict:
    unit = home_unit(request.user)
    return {"unit": unit, "year": today().year + (1 if today().month >= 11 else 0)}


def programme_detail(request, pk):
    obj = _programme(request, pk)
    user = request.user
    may_edit = permissions.can_edit_programme(user, obj)
    items = list(selectors.items_of(obj))
    day = today()
    return render(request, "programme/detail.html", {
        "obj": obj, "items": items, "day": day, "progress": selectors.progress(obj, day=day),
        "tasks": [i for i in items if i.kind == ProgrammeItem.Kind.TASK],
        "projects": [i for i in items if i.kind == ProgrammeItem.Kind.PROJECT],
        "overdue_ids": {i.pk for i in items if i.is_overdue(day)},
        "history": history_for(obj)[:100], "on_behalf": may_edit and not can(user, WRITE, obj.unit),
        "can_edit": may_edit and obj.is_draft, "can_approve": permissions.can_approve_programme(user, obj),
        "last_year": obj.year - 1, "item_form": ItemForm(initial={"assigned_by": ProgrammeItem.AssignedBy.UNIT}),
    })


def programme_edit(request, pk):
    obj = _programme(request, pk)
    if not permissions.can_edit_programme(request.user, obj):
        raise PermissionDenied(_("Bạn không có quyền nhập hoặc sửa dữ liệu của đơn vị này."))
    initial = {"theme": obj.theme, "symbol": obj.symbol, "summary": obj.summary, "version": obj.version}
    form = ProgrammeEditForm(request.POST or None, initial=initial)
    saved = save_form(request, form, lambda data: services.programme_update(
        actor=request.user, programme=obj, expected_version=data["version"], theme=data["theme"],
        symbol=data["symbol"], summary=data["summary"]), _("Đã lưu thay đổi."))
    if saved is not NOT_SAVED:
        return redirect(obj)
    return render(request, "programme/form.html", {"form": form, "obj": obj, "title": _("Sửa chương trình")})


def _action(request, obj, run, back, form=None):
    return run_action(request, obj, run, back=back, form=form)


@require_POST
def programme_approve(request, pk):
    obj = _programme(request, pk)

    def run(o):
        services.programme_approve(actor=request.user, programme=o, note=request.POST.get("note", ""),
                                   expected_version=_version(request))
        return _("Đã phê duyệt chương trình công tác.")
    return _action(request, obj, run, obj)


@require_POST
def programme_reopen(request, pk):
    obj = _programme(request, pk)

    def run(o):
        services.programme_reopen(actor=request.user, programme=o, reason=request.POST.get("reason", ""),
                                  expected_version=_version(request))
        return _("Đã mở lại chương trình để sửa.")
    return _action(request, obj, run, obj)


@require_POST
def programme_delete(request, pk):
    obj = _programme(request, pk)
    try:
        services.programme_delete(actor=request.user, programme=obj)
    except ValidationError as error:
        show_errors(request, error)
        return redirect(obj)
    messages.success(request, _("Đã xóa dự thảo chương trình."))
    return redirect("programme:list")


@require_POST
def programme_from_part_two(request, pk):
    obj = _programme(request, pk)

    def run(o):
        created = services.draft_from_part_two(actor=request.user, programme=o)
        if not created:
            return _("Các nhiệm vụ của Phần thứ hai đã có trong chương trình; không thêm nhiệm vụ mới.")
        return _("Đã tạo %(n)s nhiệm vụ trọng tâm từ Phần thứ hai báo cáo tổng kết năm %(y)s; hãy rà soát, sửa "
                 "đơn vị chủ trì, thời hạn và sản phẩm.") % {"n": len(created), "y": o.year - 1}
    return _action(request, obj, run, obj)


@require_POST
def item_add(request, pk):
    obj = _programme(request, pk)
    form = bind_user(ItemForm(request.POST), request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            item = services.item_create(actor=request.user, programme=obj, **_item_kwargs(data),
                                        cooperating_units=data["cooperating_units"] or [])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã thêm “%(t)s”.") % {"t": item.title})
            return redirect(obj)
    return render(request, "programme/item_form.html", {"form": form, "programme": obj,
                                                         "title": _("Thêm nhiệm vụ, đề án")})


def _item_kwargs(data: dict) -> dict:
    return {"kind": data["kind"], "number": data["number"] or 0, "title": data["title"],
            "description": data["description"], "assigned_by": data["assigned_by"], "owner_unit": data["owner_unit"],
            "deadline": data["deadline"], "expected_output": data["expected_output"]}


def programme_export(request, pk):
    obj = _programme(request, pk)
    items = selectors.items_of(obj).select_related("programme", "programme__unit")
    return xlsx_response(f"chuong-trinh-{obj.unit.key}-{obj.year}.xlsx",
                         [(_("Chương trình công tác"), importers.EXPORT_HEADER, importers.export_rows(items))])


def programme_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            result = importers.import_items(actor=request.user, data=form.cleaned_data["file"].read())
        except ImportFailed as failure:
            errors = [str(e) for e in failure.errors]
        else:
            messages.success(request, _("Đã nhập: %(c)s mới, %(u)s cập nhật, %(n)s không đổi.") % {
                "c": result.created, "u": result.updated, "n": result.unchanged})
            return redirect("programme:list")
    return render(request, "programme/import.html", {
        "form": form, "errors": errors, "required": importers.REQUIRED, "optional": importers.OPTIONAL})


def import_template(request):
    example = [["Thành phố Cần Thơ (VN-92)", today().year, "Năm Dân vận chính quyền", "", "Nhiệm vụ trọng tâm", 1, "",
                "Tham mưu sơ kết 5 năm thực hiện Kết luận số 114-KL/TW", "", "Cấp ủy", "", "", "30/06/"
                + str(today().year), "Báo cáo sơ kết", "", "", "", "", ""]]
    return xlsx_response("mau-nhap-chuong-trinh.xlsx", [(_("Chương trình công tác"), importers.EXPORT_HEADER,
                                                          example)])


# --- items -------------------------------------------------------------------------------------------------

def item_list(request):
    unit_key, unit = _unit_filter(request)
    year = year_param(request.GET.get("nam"))
    state = request.GET.get("tinh_trang", "").strip()
    mine = request.GET.get("cua_toi") == "1"
    qs = selectors.filter_items(
        selectors.visible_items(request.user), unit=unit, year=year, kind=request.GET.get("loai", "").strip(),
        status=request.GET.get("trang_thai", "").strip(), state=state,
        assigned_by=request.GET.get("co_quan_giao", "").strip(), query=request.GET.get("q", "").strip(),
        mine_of=request.user if mine else None)
    page = paginate(request, qs.order_by("deadline", "id"), 50)
    day = today()
    return render(request, "programme/item_list.html", {
        "page": page, "unit_key": unit_key, "year": year, "state": state, "mine": mine, "day": day,
        "overdue_ids": {i.pk for i in page if i.is_overdue(day)},
        "kinds": ProgrammeItem.Kind.choices, "statuses": ProgrammeItem.Status.choices,
        "assigners": ProgrammeItem.AssignedBy.choices, "get": request.GET,
    })


def item_detail(request, pk):
    item = _item(request, pk)
    user = request.user
    day = today()
    may_report = permissions.can_report_programme_item(user, item)
    may_edit = permissions.can_edit_programme(user, item.programme)
    status_form = StatusForm(year=item.programme.year, today=day,
                             initial={"status": item.status, "version": item.version})
    return render(request, "programme/item_detail.html", {
        "item": item, "day": day, "overdue": item.is_overdue(day), "updates": item.updates.select_related(
            "recorded_by"), "links": _links(user, item), "history": history_for(item)[:100],
        "cooperating": list(item.cooperating_units.all()),
        "can_edit": may_edit and item.programme.is_draft,
        "can_report": may_report and not item.programme.is_draft,
        "can_link": may_report or may_edit, "status_form": status_form,
        "link_form": LinkForm(initial={"version": item.version}),
    })


def _links(user, item: ProgrammeItem) -> list[dict]:
    """Each kind of linked record, as far as the viewer may read them (the rest are only counted)."""
    result = []
    for field, label in (("documents", _("Văn bản")), ("campaigns", _("Cuộc vận động, phong trào")),
                         ("activities", _("Hoạt động")), ("reports", _("Báo cáo định kỳ"))):
        linked = list(getattr(item, field).all())
        if not linked:
            continue
        visible_ids = set(services.visible_link_targets(user, field).filter(
            pk__in=[r.pk for r in linked]).values_list("pk", flat=True))
        result.append({"field": field, "label": label, "records": [r for r in linked if r.pk in visible_ids],
                       "hidden": len([r for r in linked if r.pk not in visible_ids])})
    return result


def item_edit(request, pk):
    item = _item(request, pk)
    if not permissions.can_edit_programme(request.user, item.programme):
        raise PermissionDenied(_("Bạn không có quyền nhập hoặc sửa dữ liệu của đơn vị này."))
    initial = {"kind": item.kind, "number": item.number, "title": item.title, "description": item.description,
               "assigned_by": item.assigned_by, "owner_unit": item.owner_unit, "deadline": item.deadline,
               "cooperating_units": list(item.cooperating_units.order_by("path")),
               "expected_output": item.expected_output, "version": item.version}
    form = bind_user(ItemForm(request.POST or None, initial=initial), request.user)
    saved = save_form(request, form, lambda data: services.item_update(
        actor=request.user, item=item, expected_version=data["version"],
        cooperating_units=data["cooperating_units"] or [], **_item_kwargs(data)), _("Đã lưu thay đổi."))
    if saved is not NOT_SAVED:
        return redirect(item)
    return render(request, "programme/item_form.html", {"form": form, "programme": item.programme, "item": item,
                                                         "title": _("Sửa nhiệm vụ, đề án")})


@require_POST
def item_delete(request, pk):
    item = _item(request, pk)
    programme = item.programme
    try:
        services.item_delete(actor=request.user, item=item)
    except ValidationError as error:
        show_errors(request, error)
        return redirect(item)
    messages.success(request, _("Đã xóa “%(t)s”.") % {"t": item.title})
    return redirect(programme)


@require_POST
def item_status(request, pk):
    item = _item(request, pk)
    form = StatusForm(request.POST, year=item.programme.year, today=today())

    def run(obj):
        data = form.cleaned_data
        services.item_record_status(actor=request.user, item=obj, status=data["status"],
                                    month=datetime.date.fromisoformat(data["month"]), note=data["note"],
                                    evidence=data["evidence"], done_on=data["done_on"],
                                    expected_version=data["version"])
        return _("Đã ghi tình trạng thực hiện.")
    return _action(request, item, run, item, form=form)


@require_POST
def item_links(request, pk):
    item = _item(request, pk)
    form = bind_user(LinkForm(request.POST), request.user)
    if not form.is_valid():
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
        return redirect(item)
    version = form.cleaned_data["version"]
    added = 0
    try:
        for name, field in LinkForm.FIELDS.items():
            record = form.cleaned_data.get(name)
            if record is not None:
                item = services.item_links_change(actor=request.user, item=item, field=field, add=[record],
                                                  expected_version=version)
                version = item.version
                added += 1
    except ValidationError as error:
        show_errors(request, error)
        return redirect(item)
    if added:
        messages.success(request, _("Đã thêm liên kết."))
    return redirect(item)


@require_POST
def item_unlink(request, pk):
    item = _item(request, pk)
    field = request.POST.get("field", "")
    record_id = int_param(request.POST.get("record"))
    if field not in services.LINK_FIELDS or record_id is None:
        raise Http404(_("Không tìm thấy bản ghi hoặc bạn không có quyền xem."))

    def run(obj):
        services.item_links_change(actor=request.user, item=obj, field=field, remove=[record_id],
                                   expected_version=_version(request))
        return _("Đã bỏ liên kết.")
    return _action(request, item, run, item)
