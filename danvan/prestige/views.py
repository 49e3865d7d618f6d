"""Thin views: names read through selectors.named() (province level and below), writes through services.

A national user opening the list gets the counts-only notice (and a link to the statistics page); the detail,
edit and action URLs of a person answer 404 to anyone outside the names rule, as if the record did not exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from danvan.accounts.permissions import (
    WRITE,
    can,
    can_see_prestige_phone,
    home_unit,
    may_see_prestige_names,
    may_see_prestige_phones,
    on_behalf_units,
    scope,
)
from danvan.core.actions import NOT_SAVED, posted_on_behalf, run_action, save_form, unit_asked_or_home
from danvan.core.audit import history_for
from danvan.core.exports import csv_response, xlsx_response
from danvan.core.imports import ImportFailed
from danvan.core.paging import paginate
from danvan.core.params import int_param, year_param
from danvan.core.picker import bind_user, lookup, picker_text, typed_key
from danvan.core.workflow import available_transitions
from danvan.orgunits.models import OrgUnit

from . import importers, selectors, services
from .forms import ImportForm, PersonForm, StatusForm, SupportForm
from .models import EthnicGroup, Person, SupportEntry

NAMES_REFUSED = gettext_lazy("Danh sách người có uy tín (họ tên, địa chỉ) chỉ dành cho cấp tỉnh và cấp xã; "
                  "cấp trung ương xem số liệu tổng hợp ở trang Thống kê.")


def _person(request, pk) -> Person:
    qs = selectors.with_related(selectors.named(request.user))
    try:
        return qs.get(pk=pk)
    except Person.DoesNotExist:
        raise Http404(_("Không tìm thấy bản ghi hoặc bạn không có quyền xem.")) from None


class ListFilters:
    """The list filters read from GET, shared by the list page and the exports."""

    def __init__(self, request):
        get = request.GET
        self.unit_key = typed_key(get.get("don_vi"), request.user)
        self.year = year_param(get.get("nam"))
        self.status = get.get("trang_thai", "in_list" if "trang_thai" not in get else "").strip()
        self.ethnic_group = get.get("dan_toc", "").strip()
        self.role = get.get("thanh_phan", "").strip()
        self.query = get.get("q", "").strip()
        self.boundaries = selectors.HISTORICAL if get.get("ranh_gioi") == "lich_su" else selectors.CURRENT
        self.unit = None
        if self.unit_key:
            self.unit = scope(OrgUnit.objects.filter(key=self.unit_key), request.user).first()
            if self.unit is None:
                raise Http404(_("Không tìm thấy bản ghi hoặc bạn không có quyền xem."))

    def apply(self, request):
        qs = selectors.filter_people(
            selectors.named(request.user), subtree=self.unit, boundaries=self.boundaries, status=self.status,
            ethnic_group=self.ethnic_group, role=self.role, query=self.query, year=self.year)
        return selectors.with_related(qs)


def person_list(request):
    filters = ListFilters(request)
    names_allowed = may_see_prestige_names(request.user)
    qs = filters.apply(request).order_by("unit__path", "full_name", "id")
    page = paginate(request, qs if names_allowed else Person.objects.none(), 50)
    return render(request, "prestige/list.html", {
        "page": page, "f": filters, "names_allowed": names_allowed, "names_refused": NAMES_REFUSED,
        "ethnic_groups": EthnicGroup.objects.all(), "roles": Person.Role.choices,
        "statuses": [("in_list", _("Đang trong danh sách")), *Person.Status.choices],
        "query_string": request.GET.urlencode(),
        "can_create": names_allowed and (request.user.is_superuser or scope(
            OrgUnit.objects.all(), request.user, WRITE).exists()),
    })


def _names_or_403(request) -> None:
    if not may_see_prestige_names(request.user):
        raise PermissionDenied(str(NAMES_REFUSED))


def export_xlsx(request):
    _names_or_403(request)
    qs = ListFilters(request).apply(request).order_by("unit__path", "full_name", "id")
    return xlsx_response("nguoi-co-uy-tin.xlsx", [
        (_("Người có uy tín"), importers.EXPORT_HEADER, importers.export_rows(request.user, qs))])


def export_csv(request):
    _names_or_403(request)
    qs = ListFilters(request).apply(request).order_by("unit__path", "full_name", "id")
    return csv_response("nguoi-co-uy-tin.csv", importers.EXPORT_HEADER, importers.export_rows(request.user, qs))


def support_export_xlsx(request):
    _names_or_403(request)
    people = ListFilters(request).apply(request)
    qs = (selectors.named_support(request.user).filter(person__in=people.values("pk"))
          .select_related("person", "person__unit").order_by("person__unit__path", "person__full_name", "day", "id"))
    rows = (importers.support_export_row(e) for e in qs.iterator(chunk_size=2000))
    return xlsx_response("ho-tro-nguoi-co-uy-tin.xlsx", [(_("Hỗ trợ"), importers.SUPPORT_EXPORT_HEADER, rows)])


def import_template(request):
    """An empty workbook with the import columns (required first), to fill in and import."""
    return xlsx_response("mau-nhap-nguoi-co-uy-tin.xlsx", [
        (_("Người có uy tín"), importers.REQUIRED + importers.OPTIONAL, []),
        (_("Hỗ trợ"), importers.SUPPORT_REQUIRED + importers.SUPPORT_OPTIONAL, [])])


def _form_kwargs(data: dict, show_phone: bool) -> dict:
    kwargs = {name: data[name] for name in (
        "former_unit", "full_name", "birth_year", "sex", "ethnic_group", "village", "role", "role_detail",
        "decision_number", "decision_date", "authority", "authority_name", "note", "external_ref")}
    if show_phone:
        kwargs["phone"] = data.get("phone") or ""
    return kwargs


def person_create(request):
    if not may_see_prestige_names(request.user):
        raise PermissionDenied(str(NAMES_REFUSED))
    show_phone = may_see_prestige_phones(request.user)  # the service checks the chosen commune
    unit = home_unit(request.user)
    initial = {"unit": picker_text(unit) if unit is not None and unit.level == OrgUnit.Level.COMMUNE else ""}
    form = bind_user(PersonForm(request.POST or None, initial=initial, show_phone=show_phone), request.user)
    person = save_form(request, form, lambda data: services.person_create(
        actor=request.user, unit=data["unit"], on_behalf=data["on_behalf"],
        submission_key=data["submission_key"] or "", **_form_kwargs(data, show_phone)),
        _("Đã thêm người có uy tín vào danh sách."))
    if person is not NOT_SAVED:
        return redirect(person)
    return render(request, "prestige/form.html", {"form": form, "title": _("Thêm người có uy tín")})


def person_edit(request, pk):
    person = _person(request, pk)
    if not can(request.user, WRITE, person.unit, on_behalf=True):
        raise PermissionDenied(_("Bạn không có quyền nhập hoặc sửa dữ liệu của đơn vị này."))
    show_phone = can_see_prestige_phone(request.user, person)
    initial = {
        "unit": picker_text(person.unit), "former_unit": picker_text(person.former_unit) if person.former_unit else "",
        "on_behalf": not can(request.user, WRITE, person.unit), "version": person.version,
        **{name: getattr(person, name) for name in (
            "full_name", "birth_year", "sex", "ethnic_group", "village", "role", "role_detail", "phone",
            "decision_number", "decision_date", "authority", "authority_name", "note", "external_ref")},
    }
    form = bind_user(PersonForm(request.POST or None, initial=initial, show_phone=show_phone), request.user)
    saved = save_form(request, form, lambda data: services.person_update(
        actor=request.user, person=person, expected_version=data["version"], on_behalf=data["on_behalf"],
        unit=data["unit"], **_form_kwargs(data, show_phone)), _("Đã lưu thay đổi."))
    if saved is not NOT_SAVED:
        return redirect(person)
    return render(request, "prestige/form.html", {"form": form, "obj": person, "title": _("Sửa người có uy tín")})


def person_detail(request, pk):
    person = _person(request, pk)
    user = request.user
    may_write = can(user, WRITE, person.unit, on_behalf=True)
    return render(request, "prestige/detail.html", {
        "obj": person, "history": history_for(person)[:100],
        "show_phone": can_see_prestige_phone(user, person),
        "on_behalf": not can(user, WRITE, person.unit),
        "can_write": may_write,
        "next_statuses": [s for s in available_transitions(person) if s != Person.Status.RECOGNISED],
        "can_restore": may_write and not person.is_recognised,
        "status_form": StatusForm(initial={"version": person.version}),
        "support_form": SupportForm(initial={"version": person.version}),
        "support": person.support_entries.all(),
        "activities": person.activities.select_related("unit", "kind").order_by("-start_date"),
        "commendations": person.commendations.select_related("unit", "form").order_by("-decision_date"),
    })


def _action(request, pk, run, form=None):
    return run_action(request, _person(request, pk), run, back=reverse("prestige:detail", args=[pk]),
                      gone="prestige:list", form=form)


@require_POST
def person_set_status(request, pk):
    form = StatusForm(request.POST)

    def run(person):
        data = form.cleaned_data
        services.person_set_status(actor=request.user, person=person, status=data["status"],
                                   day=data["status_date"], reason=data["status_reason"],
                                   decision_number=data["status_decision_number"], on_behalf=posted_on_behalf(request),
                                   expected_version=data["version"])
        return _("Đã ghi nhận: %(s)s.") % {"s": Person.Status(data["status"]).label}
    return _action(request, pk, run, form=form)


@require_POST
def person_restore(request, pk):
    def run(person):
        services.person_set_status(actor=request.user, person=person, status=Person.Status.RECOGNISED,
                                   reason=request.POST.get("reason", ""), on_behalf=posted_on_behalf(request),
                                   expected_version=int_param(request.POST.get("version")))
        return _("Đã đưa người có uy tín trở lại danh sách.")
    return _action(request, pk, run)


@require_POST
def person_delete(request, pk):
    def run(person):
        services.person_delete(actor=request.user, person=person, on_behalf=posted_on_behalf(request))
        person.pk = None
        return _("Đã xóa bản ghi.")
    return _action(request, pk, run)


@require_POST
def support_add(request, pk):
    form = SupportForm(request.POST)

    def run(person):
        data = form.cleaned_data
        services.support_add(actor=request.user, person=person, day=data["day"], kind=data["kind"],
                             amount=data["amount"] or 0, provider=data["provider"], note=data["note"],
                             on_behalf=posted_on_behalf(request), expected_version=data["version"])
        return _("Đã ghi nhận hỗ trợ.")
    return _action(request, pk, run, form=form)


@require_POST
def support_delete(request, pk, entry_pk):
    def run(person):
        entry = SupportEntry.objects.filter(person=person, pk=entry_pk).first()
        if entry is None:
            raise Http404(_("Không tìm thấy bản ghi hoặc bạn không có quyền xem."))
        services.support_delete(actor=request.user, entry=entry, on_behalf=posted_on_behalf(request))
        return _("Đã xóa khoản hỗ trợ.")
    return _action(request, pk, run)


@require_POST
def link_add(request, pk):
    def run(person):
        kind = request.POST.get("kind")
        if kind not in services.LINK_KINDS:
            raise ValidationError(_("Hãy chọn hoạt động hoặc khen thưởng để liên kết."))
        target = lookup(kind, request.POST.get(kind, ""), request.user)
        if target is None:
            raise ValidationError(_("Không tìm thấy “%(t)s”; hãy gõ vài chữ của tên rồi chọn trong danh sách.")
                                  % {"t": request.POST.get(kind, "")})
        services.link_add(actor=request.user, person=person, target=target, on_behalf=posted_on_behalf(request))
        return _("Đã liên kết.")
    return _action(request, pk, run)


@require_POST
def link_remove(request, pk):
    def run(person):
        kind = request.POST.get("kind")
        target_id = int_param(request.POST.get("target"))
        related = {"activity": person.activities, "commendation": person.commendations}.get(kind or "")
        target = related.filter(pk=target_id).first() if related is not None and target_id else None
        if target is None:
            raise ValidationError(_("Không tìm thấy liên kết."))
        services.link_remove(actor=request.user, person=person, target=target, on_behalf=posted_on_behalf(request))
        return _("Đã bỏ liên kết.")
    return _action(request, pk, run)


def _import(request, run, template_context: dict):
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            result = run(actor=request.user, data=form.cleaned_data["file"].read())
        except ImportFailed as failure:
            errors = [str(e) for e in failure.errors]
        else:
            messages.success(request, _("Đã nhập: %(c)s mới, %(u)s cập nhật, %(n)s không đổi.") % {
                "c": result.created, "u": result.updated, "n": result.unchanged})
            return redirect("prestige:list")
    return render(request, "prestige/import.html", {"form": form, "errors": errors, **template_context})


def person_import(request):
    _names_or_403(request)
    return _import(request, importers.import_people, {
        "title": _("Nhập danh sách người có uy tín từ tệp"), "required": importers.REQUIRED,
        "optional": importers.OPTIONAL})


def support_import(request):
    _names_or_403(request)
    return _import(request, importers.import_support, {
        "title": _("Nhập hỗ trợ người có uy tín từ tệp"), "required": importers.SUPPORT_REQUIRED,
        "optional": importers.SUPPORT_OPTIONAL})


def statistics(request):
    unit = unit_asked_or_home(request)
    from danvan.core.clock import today

    year = year_param(request.GET.get("nam")) or today().year
    boundaries = selectors.CURRENT if request.GET.get("ranh_gioi") == "hien_nay" else selectors.HISTORICAL
    summary = selectors.engine_summary(unit=unit, year=year, boundaries=boundaries)
    children = [row for row in selectors.engine_by_child(unit=unit, year=year, boundaries=boundaries)
                if row["people"] is not None or row["support_amount"] is not None]
    return render(request, "prestige/statistics.html", {
        "s": summary, "children": children, "names_allowed": may_see_prestige_names(request.user),
        "can_enter": on_behalf_units(request.user).exists() and may_see_prestige_names(request.user)})
