"""Thin views: read through selectors and the gatekeeper, write through services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.accounts.permissions import (
    can,
    can_act_on_campaign,
    can_view_campaign_unit,
    home_unit,
    object_or_404_scoped,
    scope,
)
from danvan.core.actions import NOT_SAVED, save_form
from danvan.core.audit import history_for
from danvan.core.imports import ImportFailed
from danvan.core.paging import paginate
from danvan.core.sorting import sort
from danvan.core.text import search_terms
from danvan.core.workflow import available_transitions
from danvan.jobs.web import background_import, error_report

from . import exports, forms, importers, selectors, services
from .models import Campaign, House, HousePhoto, LedgerEntry, Target


def _form_page(request, form, *, title: str, campaign=None, back: str = "", multipart: bool = False, intro: str = ""):
    return render(request, "campaigns/form.html", {"form": form, "title": title, "campaign": campaign,
                                                   "back": back, "multipart": multipart, "intro": intro})


# -- campaigns ----------------------------------------------------------------------------------------------
def campaign_list(request):
    qs = selectors.visible_campaigns(request.user)
    query = request.GET.get("q", "").strip()
    for term in search_terms(query):
        qs = qs.filter(search_text__contains=term)
    kind = request.GET.get("loai", "")
    if kind in Campaign.Kind.values:
        qs = qs.filter(kind=kind)
    qs, sort_state = sort(request, qs, {"ten": "name", "loai": "kind", "don_vi": "unit__name",
                                        "ngay": ("start_date", "name")}, "-ngay")
    page = paginate(request, qs, 30)
    return render(request, "campaigns/list.html", {"page": page, "q": query, "kind": kind, "sort": sort_state,
                                                   "kinds": Campaign.Kind.choices})
def campaign_create(request):
    unit = home_unit(request.user)
    form = forms.CampaignForm(request.POST or None, initial={"unit": unit.key if unit else ""})
    campaign = save_form(request, form, lambda data: services.campaign_create(
        actor=request.user, unit=data["unit"], kind=data["kind"], name=data["name"], description=data["description"],
        start_date=data["start_date"], end_date=data["end_date"], participant_root=data["participant_root"],
        participant_units=data["participant_units"] or [], on_behalf=data["on_behalf"]), _("Đã tạo cuộc vận động."))
    if campaign is not NOT_SAVED:
        return redirect(campaign)
    return _form_page(request, form, title=_("Tạo cuộc vận động, phong trào"), back=reverse("campaigns:list"))
def campaign_edit(request, pk):
    campaign = selectors.campaign_or_404(request.user, pk)
    if not can_act_on_campaign(request.user, campaign):
        raise PermissionDenied(_("Bạn không có quyền sửa cuộc vận động này."))
    initial = {"kind": campaign.kind, "name": campaign.name, "description": campaign.description,
               "unit": campaign.unit.key, "participant_root": campaign.participant_root.key
               if campaign.participant_root else "",
               "participant_units": list(campaign.participant_units.order_by("path")),
               "start_date": campaign.start_date, "end_date": campaign.end_date, "version": campaign.version}
    form = forms.CampaignForm(request.POST or None, initial=initial)
    form.fields["unit"].disabled = True
    saved = save_form(request, form, lambda data: services.campaign_update(
        actor=request.user, campaign=campaign, expected_version=data["version"], on_behalf=data["on_behalf"],
        kind=data["kind"], name=data["name"], description=data["description"], start_date=data["start_date"],
        end_date=data["end_date"], participant_root=data["participant_root"],
        participant_units=data["participant_units"] or []), _("Đã lưu thay đổi."))
    if saved is not NOT_SAVED:
        return redirect(campaign)
    return _form_page(request, form, title=_("Sửa cuộc vận động"), campaign=campaign,
                      back=campaign.get_absolute_url())


def _progress_args(request, campaign):
    filters = forms.ProgressFilterForm(request.GET or None)
    args = {"within": None, "start": None, "end": None, "boundaries": selectors.HISTORICAL}
    if filters.is_valid():
        data = filters.cleaned_data
        if data["don_vi"] is not None:
            # A subtree page needs read permission on that unit; out-of-scope units look like they do not exist.
            if not can_view_campaign_unit(request.user, campaign, data["don_vi"]):
                raise Http404(_("Không tìm thấy đơn vị hoặc bạn không có quyền xem."))
            args["within"] = data["don_vi"]
        args["start"], args["end"] = data["tu"], data["den"]
        if data["ky"]:
            from danvan.reports.periods import parse_period

            period = parse_period(data["ky"])
            args["start"], args["end"] = period.start, period.end
        args["boundaries"] = data["ranh_gioi"] or selectors.HISTORICAL
    return filters, args
def campaign_detail(request, pk):
    campaign = selectors.campaign_or_404(request.user, pk)
    filters, args = _progress_args(request, campaign)
    progress = selectors.progress(campaign, **args)
    may_write = can_act_on_campaign(request.user, campaign)
    return render(request, "campaigns/detail.html", {
        "campaign": campaign, "progress": progress, "filters": filters, "within": args["within"],
        "participants": campaign.participant_units.all(),
        "targets": campaign.targets.select_related("unit"),
        "links": campaign.links.all(), "may_write": may_write,
        "history": history_for(campaign)[:30],
        "query": request.GET.urlencode(),
    }, status=400 if filters.is_bound and not filters.is_valid() else 200)
def target_add(request, pk):
    campaign = selectors.campaign_or_404(request.user, pk)
    form = forms.TargetForm(request.POST or None)
    saved = save_form(request, form, lambda data: services.target_set(
        actor=request.user, campaign=campaign, metric=data["metric"], value=data["value"], unit=data["unit"],
        code=data["code"], label=data["label"], unit_of_measure=data["unit_of_measure"], on_behalf=data["on_behalf"]),
        _("Đã lưu chỉ tiêu."))
    if saved is not NOT_SAVED:
        return redirect(campaign)
    return _form_page(request, form, title=_("Giao chỉ tiêu"), campaign=campaign, back=campaign.get_absolute_url(),
                      intro=_("Một chỉ tiêu đã có (cùng loại, mã và đơn vị) sẽ được thay bằng giá trị mới."))
@require_POST
def target_delete(request, pk, target_pk):
    campaign = selectors.campaign_or_404(request.user, pk)
    target = Target.objects.filter(campaign=campaign, pk=target_pk).first()
    if target is None:
        raise Http404
    services.target_delete(actor=request.user, target=target, on_behalf=bool(request.POST.get("on_behalf")))
    messages.success(request, _("Đã xóa chỉ tiêu."))
    return redirect(campaign)
def link_add(request, pk):
    campaign = selectors.campaign_or_404(request.user, pk)
    form = forms.LinkForm(request.POST or None)
    saved = save_form(request, form, lambda data: services.link_add(
        actor=request.user, campaign=campaign, target_type=data["target_type"], target_id=data["target_id"],
        title=data["title"], on_behalf=data["on_behalf"]))
    if saved is not NOT_SAVED:
        return redirect(campaign)
    return _form_page(request, form, title=_("Liên kết hoạt động, khen thưởng"), campaign=campaign,
                      back=campaign.get_absolute_url())
def progress_add(request, pk):
    campaign = selectors.campaign_or_404(request.user, pk)
    form = forms.ProgressForm(request.POST or None, initial={"metric": "participants"}, campaign=campaign)
    saved = save_form(request, form, lambda data: services.progress_record(
        actor=request.user, campaign=campaign, unit=data["unit"], metric=data["metric"], value=data["value"],
        day=data["day"], note=data["note"], on_behalf=data["on_behalf"]), _("Đã ghi kết quả."))
    if saved is not NOT_SAVED:
        return redirect(campaign)
    return _form_page(request, form, title=_("Báo cáo kết quả (số người tham gia, chỉ tiêu khác)"),
                      campaign=campaign, back=campaign.get_absolute_url())


# -- ledger -------------------------------------------------------------------------------------------------


def _scoped_search(request, qs, *, param: str, field: str, values):
    """The user's scope, the diacritic-free `q` search and one choice filter (ignored when unknown)."""
    qs = scope(qs, request.user)
    for term in search_terms(request.GET.get("q", "")):
        qs = qs.filter(search_text__contains=term)
    chosen = request.GET.get(param, "")
    return qs.filter(**{field: chosen}) if chosen in values else qs


def _scoped_entries(request, campaign):
    return _scoped_search(request, LedgerEntry.objects.filter(campaign=campaign).select_related("unit", "reverses"),
                          param="loai", field="kind", values=LedgerEntry.Kind.values)
def ledger_list(request, pk):
    campaign = selectors.campaign_or_404(request.user, pk)
    qs = _scoped_entries(request, campaign)
    qs, sort_state = sort(request, qs, {"ngay": "day", "loai": "kind", "don_vi": "unit__name",
                                        "nguoi_ung_ho": "donor_name", "hinh_thuc": "form", "so_tien": "amount",
                                        "ma": "external_ref"}, "-ngay")
    page = paginate(request, qs, 50)
    totals = selectors.campaign_money_totals(campaign)
    return render(request, "campaigns/ledger_list.html", {
        "campaign": campaign, "page": page, "totals": totals, "q": request.GET.get("q", ""), "sort": sort_state,
        "kind": request.GET.get("loai", ""), "kinds": LedgerEntry.Kind.choices})
def entry_create(request, pk):
    campaign = selectors.campaign_or_404(request.user, pk)
    unit = home_unit(request.user)
    form = forms.LedgerEntryForm(request.POST or None, initial={"unit": unit.key if unit else ""})
    entry = save_form(request, form, lambda data: services.ledger_record(
        actor=request.user, campaign=campaign, unit=data["unit"], kind=data["kind"], amount=data["amount"],
        day=data["day"], form=data["form"], in_kind_description=data["in_kind_description"],
        donor_kind=data["donor_kind"], donor_name=data["donor_name"], note=data["note"],
        external_ref=data["external_ref"], on_behalf=data["on_behalf"]), _("Đã ghi vào sổ quỹ."))
    if entry is not NOT_SAVED:
        return redirect(entry)
    return _form_page(request, form, title=_("Ghi sổ quỹ: cam kết hoặc thực nhận"), campaign=campaign,
                      back=reverse("campaigns:ledger", args=[campaign.pk]),
                      intro=_("Bút toán đã ghi không sửa, không xóa được; muốn điều chỉnh hoặc hoàn trả thì đảo "
                              "bút toán rồi ghi bút toán mới."))
def entry_detail(request, pk, entry_pk):
    campaign = selectors.campaign_or_404(request.user, pk)
    entry = object_or_404_scoped(LedgerEntry.objects.filter(campaign=campaign).select_related("unit", "reverses"),
                                 request.user, pk=entry_pk)
    reversed_by = LedgerEntry.objects.filter(reverses=entry).first()
    form = forms.ReverseForm(request.POST or None)
    reversal = save_form(request, form, lambda data: services.ledger_reverse(
        actor=request.user, entry=entry, reason=data["reason"], day=data["day"], on_behalf=data["on_behalf"]),
        _("Đã ghi bút toán đảo."))
    if reversal is not NOT_SAVED:
        return redirect(reversal)
    return render(request, "campaigns/entry_detail.html", {
        "campaign": campaign, "entry": entry, "reversed_by": reversed_by, "form": form,
        "may_write": can(request.user, "write", entry.unit, on_behalf=True),
        "history": history_for(entry)})


# -- houses -------------------------------------------------------------------------------------------------


def _scoped_houses(request, campaign):
    return _scoped_search(request, House.objects.filter(campaign=campaign).select_related("unit"),
                          param="trang_thai", field="status", values=House.Status.values)
def house_list(request, pk):
    campaign = selectors.campaign_or_404(request.user, pk)
    qs = _scoped_houses(request, campaign)
    qs, sort_state = sort(request, qs, {"chu_ho": "beneficiary_name", "don_vi": ("unit__path", "beneficiary_name"),
                                        "doi_tuong": "beneficiary_category", "kinh_phi": "unit_cost",
                                        "trang_thai": "status"}, "don_vi")
    page = paginate(request, qs, 50)
    return render(request, "campaigns/house_list.html", {
        "campaign": campaign, "page": page, "q": request.GET.get("q", ""), "sort": sort_state,
        "status": request.GET.get("trang_thai", ""), "statuses": House.Status.choices})
def house_create(request, pk):
    campaign = selectors.campaign_or_404(request.user, pk)
    form = forms.HouseForm(request.POST or None)
    house = save_form(request, form, lambda data: services.house_create(
        actor=request.user, campaign=campaign, unit=data["unit"], beneficiary_name=data["beneficiary_name"],
        beneficiary_address=data["beneficiary_address"], beneficiary_category=data["beneficiary_category"],
        kind=data["kind"], unit_cost=data["unit_cost"], funding_sources=data["funding_sources"],
        external_ref=data["external_ref"], note=data["note"], on_behalf=data["on_behalf"]), _("Đã thêm nhà."))
    if house is not NOT_SAVED:
        return redirect(house)
    return _form_page(request, form, title=_("Thêm nhà, công trình"), campaign=campaign,
                      back=reverse("campaigns:houses", args=[campaign.pk]))


STEP_SLUGS = {"khoi-cong": House.Status.STARTED, "hoan-thanh": House.Status.COMPLETED,
              "ban-giao": House.Status.HANDED_OVER}
STEP_LABELS = {House.Status.STARTED: _("Ghi khởi công"), House.Status.COMPLETED: _("Ghi hoàn thành"),
               House.Status.HANDED_OVER: _("Ghi bàn giao")}
def house_detail(request, house_pk):
    house = object_or_404_scoped(House.objects.select_related("campaign", "unit"), request.user, pk=house_pk)
    allowed = available_transitions(house)
    next_steps = [(slug, STEP_LABELS[to]) for slug, to in STEP_SLUGS.items() if to in allowed]
    return render(request, "campaigns/house_detail.html", {
        "house": house, "campaign": house.campaign, "photos": house.photos.all(), "next_steps": next_steps,
        "advance_form": forms.AdvanceForm(initial={"version": house.version}), "photo_form": forms.PhotoForm(),
        "may_write": can(request.user, "write", house.unit, on_behalf=True), "history": history_for(house)})
def house_edit(request, house_pk):
    house = object_or_404_scoped(House.objects.select_related("campaign", "unit"), request.user, pk=house_pk)
    initial = {f: getattr(house, f) for f in services.HOUSE_DETAIL_FIELDS} | {"version": house.version}
    form = forms.HouseEditForm(request.POST or None, initial=initial)

    def write(data):
        data = dict(data)
        on_behalf, version = data.pop("on_behalf"), data.pop("version")
        return services.house_update(actor=request.user, house=house, expected_version=version,
                                     on_behalf=on_behalf, **data)

    saved = save_form(request, form, write, _("Đã lưu thay đổi."))
    if saved is not NOT_SAVED:
        return redirect(house)
    return _form_page(request, form, title=_("Sửa thông tin nhà"), campaign=house.campaign,
                      back=house.get_absolute_url())
def house_advance(request, house_pk, step):
    house = object_or_404_scoped(House.objects.select_related("campaign", "unit"), request.user, pk=house_pk)
    if step not in STEP_SLUGS:
        raise Http404
    form = forms.AdvanceForm(request.POST or None, initial={"version": house.version})
    saved = save_form(request, form, lambda data: services.house_advance(
        actor=request.user, house=house, to=STEP_SLUGS[step], day=data["day"], note=data["note"],
        expected_version=data["version"], on_behalf=data["on_behalf"]), _("Đã cập nhật trạng thái."))
    if saved is not NOT_SAVED:
        return redirect(house)
    return _form_page(request, form, title=STEP_LABELS[STEP_SLUGS[step]], campaign=house.campaign,
                      back=house.get_absolute_url())
@require_POST
def photo_upload(request, house_pk):
    house = object_or_404_scoped(House.objects.select_related("campaign", "unit"), request.user, pk=house_pk)
    form = forms.PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.photo_add(actor=request.user, house=house, upload=form.cleaned_data["file"],
                               caption=form.cleaned_data["caption"], on_behalf=form.cleaned_data["on_behalf"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Đã tải ảnh lên."))
    else:
        messages.error(request, _("Chưa chọn “Ảnh”."))
    return redirect(house)
def photo_download(request, photo_pk):
    photo = object_or_404_scoped(HousePhoto.objects.select_related("house__unit"), request.user, pk=photo_pk)
    response = FileResponse(photo.file.open("rb"), content_type=photo.content_type, as_attachment=False,
                            filename=f"anh-{photo.pk}{'.png' if photo.content_type == 'image/png' else '.jpg'}")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


# -- imports and exports ------------------------------------------------------------------------------------


def _import_page(request, campaign, *, importer, kind: str, title: str, columns: list[str], optional: list[str]):
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    errors = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        queued = background_import(request, kind, upload, {
            "campaign": campaign.pk, "on_behalf": bool(form.cleaned_data["on_behalf"]),
            "back_url": campaign.get_absolute_url(), "import_url": request.path})
        if queued:
            return queued
        try:
            result = importer(upload.read(), actor=request.user, campaign=campaign,
                              on_behalf=form.cleaned_data["on_behalf"])
        except ImportFailed as failure:
            errors = error_report(request, kind, failure.errors, upload.name)
        except PermissionDenied as error:
            errors = error_report(request, kind, [str(error)], upload.name)
        else:
            messages.success(request, _("Đã nhập: %(c)s mới, %(u)s cập nhật, %(n)s không đổi.") % {
                "c": result.created, "u": result.updated, "n": result.unchanged})
            return redirect(campaign)
    return render(request, "campaigns/import.html", {"campaign": campaign, "form": form, "errors": errors,
                                                     "title": title, "columns": columns, "optional": optional})
def import_ledger(request, pk):
    campaign = selectors.campaign_or_404(request.user, pk)
    return _import_page(request, campaign, importer=importers.import_ledger, kind="ledger",
                        title=_("Nhập sổ quỹ từ tệp"), columns=importers.LEDGER_COLUMNS,
                        optional=importers.LEDGER_OPTIONAL)
def import_houses(request, pk):
    campaign = selectors.campaign_or_404(request.user, pk)
    return _import_page(request, campaign, importer=importers.import_houses, kind="houses",
                        title=_("Nhập danh sách nhà từ tệp"), columns=importers.HOUSE_COLUMNS,
                        optional=importers.HOUSE_OPTIONAL)
def export_ledger(request, pk, fmt):
    campaign = selectors.campaign_or_404(request.user, pk)
    return exports.ledger_export(_scoped_entries(request, campaign).order_by("day", "id"), campaign, fmt)
def export_houses(request, pk, fmt):
    campaign = selectors.campaign_or_404(request.user, pk)
    return exports.houses_export(_scoped_houses(request, campaign).order_by("unit__path", "id"), campaign, fmt)
def export_progress(request, pk, fmt):
    campaign = selectors.campaign_or_404(request.user, pk)
    filters, args = _progress_args(request, campaign)
    if filters.is_bound and not filters.is_valid():  # never the whole campaign instead of the period asked for
        from django.http import HttpResponseBadRequest

        return HttpResponseBadRequest(" ".join(e for errors in filters.errors.values() for e in errors),
                                      content_type="text/plain; charset=utf-8")
    return exports.progress_export(campaign, selectors.progress(campaign, **args), fmt)


