"""Web pages of the annual report: the draft with live figures, section editing, downloads, finalise."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.accounts.permissions import (
    APPROVE,
    WRITE,
    can,
    ensure_can,
    home_unit,
    is_write_on_behalf,
    object_or_404_scoped,
    scope,
)
from danvan.core.audit import history_for
from danvan.core.forms import add_service_errors
from danvan.core.picker import typed_key
from danvan.orgunits.models import OrgUnit

from . import exports, outline, selectors, services
from .forms import DocumentForm, FinaliseForm, ReasonForm, SectionForm
from .models import AnnualReport
from .render_html import context as print_context


def resolve(request, key: str, year) -> tuple[OrgUnit, int, str, int]:
    """The unit (inside the user's scope, else 404), the year, the boundaries and the half (1 for `2026S1`).
    A period or boundaries value that cannot be used raises `selectors.BadRequest` (a Vietnamese message):
    pages answer it with 400 (`bad_requests`), the API with its 400 error shape."""
    unit = object_or_404_scoped(OrgUnit.objects.select_related("parent"), request.user, key=key)
    year, half = selectors.parse_period(year)
    boundaries = selectors.parse_boundaries(request.GET.get("boundaries") or request.POST.get("boundaries"))
    selectors.check_unit_in_year(unit, year, half)
    return unit, year, boundaries, half


def bad_requests(view):
    """A period typed as it cannot be used ("Quý 3/2026" for a yearly report, "abcd") gets the report chooser
    with the message and the accepted forms (400) — never a 404 that reads like a missing permission."""
    import functools

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except selectors.BadRequest as error:
            return _index_page(request, str(error), kwargs.get("year", ""), status=400)

    return wrapped


def _back(unit, year, boundaries, half=0):
    url = f"/tong-ket/{unit.key}/{selectors.period_code(year, half)}/"
    return redirect(url + ("?boundaries=current" if boundaries == "current" else ""))


def home_panel(request, unit):
    """A link to the unit's report for last year on the home page."""
    if unit is None:
        return None
    year = timezone.localdate().year - 1
    return format_html('<h2>{}</h2><p><a href="/tong-ket/{}/{}/">{}</a></p>', _("Tổng kết năm"), unit.key, year,
                       _("Báo cáo tổng kết công tác dân vận năm %(year)s – %(unit)s") % {"year": year,
                                                                                          "unit": unit.name})
def index(request):
    key = typed_key(request.GET.get("unit"), request.user)
    year = request.GET.get("year", "").strip()
    if key and year:
        try:
            parsed, half = selectors.parse_period(year)
        except selectors.BadRequest as error:
            return _index_page(request, str(error), year, status=400)
        target = f"/tong-ket/{key}/{selectors.period_code(parsed, half)}/"
        return redirect(target + ("?boundaries=current" if request.GET.get("boundaries") == "current" else ""))
    return _index_page(request)


def _index_page(request, error: str = "", typed: str = "", status: int = 200):
    reports = scope(AnnualReport.objects.select_related("unit"), request.user)[:100]
    return render(request, "annual/index.html", {
        "unit": home_unit(request.user), "reports": reports, "error": error,
        "default_year": typed or str(timezone.localdate().year - 1),
    }, status=status)


@bad_requests
def report(request, key, year):
    unit, year, boundaries, half = resolve(request, key, year)
    record = selectors.find_report(unit, year, boundaries, half)
    payload = selectors.build_payload(unit=unit, year=year, boundaries=boundaries, report=record, half=half)
    texts = selectors.current_texts(record)
    latest_ids = {}
    if record is not None:
        for section in outline.EDITABLE_KEYS:
            latest = selectors.section_history(record, section).first()
            latest_ids[section] = latest.pk if latest else ""
    kind = payload.get("outline") or outline.kind_of(unit)
    sections = [{"key": item.key, "level": item.level,
                 "title": next((b["text"] for b in payload["blocks"] if b["section"] == item.key
                                and b["kind"] == "heading"), item.key),
                 "editable": item.editable, "hint": item.hint, "text": texts.get(item.key, ""),
                 "base_version_id": latest_ids.get(item.key, ""),
                 "blocks": [b for b in payload["blocks"] if b["section"] == item.key and b["kind"] != "heading"]}
                for item in outline.sections(kind, with_next=any(b["section"] == outline.PART_TWO
                                                                 for b in payload["blocks"]))]
    may_write = can(request.user, WRITE, unit, on_behalf=True)
    document_form = None
    if may_write and (record is None or not record.is_final):
        initial = {name: payload["document"][name] for name in services.DOCUMENT_FIELDS if name in payload["document"]}
        initial["recipients"] = "\n".join(payload["document"]["recipients"])
        initial["report_date"] = record.report_date if record else None
        initial["version"] = record.version if record else 0
        document_form = DocumentForm(initial=initial)
    finalise_form = FinaliseForm(initial={
        "report_date": record.report_date if record and record.report_date else None,
        "signing_formula": payload["document"].get("signing_formula"),
        "signer_position": payload["document"].get("signer_position"), "signer": payload["document"].get("signer")})
    context = print_context(payload)
    context.update({
        "unit": unit, "year": selectors.period_code(year, half), "boundaries": boundaries, "record": record,
        "sections": sections,
        "may_write": may_write, "on_behalf": is_write_on_behalf(request.user, unit),
        "may_approve": can(request.user, APPROVE, unit), "document_form": document_form,
        "finalise_form": finalise_form, "period": selectors.period_code(year, half), "half": half,
        "reason_form": ReasonForm(), "history": history_for(record)[:50] if record else [],
        "query": "?boundaries=current" if boundaries == "current" else "",
    })
    return render(request, "annual/report.html", context)
@bad_requests
def download(request, key, year, fmt):
    unit, year, boundaries, half = resolve(request, key, year)
    if fmt not in exports.CONTENT_TYPES:
        raise Http404(_("Định dạng không hỗ trợ."))
    record = selectors.find_report(unit, year, boundaries, half)
    payload = selectors.build_payload(unit=unit, year=year, boundaries=boundaries, report=record, half=half)
    name = exports.filename(payload, fmt)
    if fmt == "html":
        return HttpResponse(exports.html(payload), content_type=exports.CONTENT_TYPES["html"])
    if fmt == "json":
        body = json.dumps(exports.json_payload(payload), ensure_ascii=False, indent=2)
    else:
        body = exports.document_bytes(payload, fmt)
    response = HttpResponse(body, content_type=exports.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _report_for_edit(request, unit, year, boundaries, half=0) -> AnnualReport:
    return services.get_or_create_report(actor=request.user, unit=unit, year=year, boundaries=boundaries, half=half,
                                         on_behalf=is_write_on_behalf(request.user, unit))
@require_POST
@bad_requests
def edit_section(request, key, year, section):
    unit, year, boundaries, half = resolve(request, key, year)
    if section not in outline.EDITABLE_KEYS:
        raise Http404(_("Không có mục này."))
    form = SectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nội dung không hợp lệ."))
        return _back(unit, year, boundaries, half)
    try:
        record = _report_for_edit(request, unit, year, boundaries, half)
        saved = services.save_section(actor=request.user, report=record, section=section,
                                      text=form.cleaned_data["text"],
                                      base_version_id=form.cleaned_data["base_version_id"],
                                      on_behalf=is_write_on_behalf(request.user, unit))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return _back(unit, year, boundaries, half)
    messages.success(request, _("Đã lưu phiên bản mới.") if saved else _("Nội dung không thay đổi."))
    return _back(unit, year, boundaries, half)
@bad_requests
def section_history(request, key, year, section):
    unit, year, boundaries, half = resolve(request, key, year)
    if section not in outline.EDITABLE_KEYS:
        raise Http404(_("Không có mục này."))
    record = selectors.find_report(unit, year, boundaries, half)
    versions = selectors.section_history(record, section) if record else []
    return render(request, "annual/section_history.html", {
        "unit": unit, "year": str(year), "boundaries": boundaries, "versions": versions,
        "section": outline.section_title(outline.section(section), year, half=half),
        "query": "?boundaries=current" if boundaries == "current" else "",
    })
@require_POST
@bad_requests
def edit_document(request, key, year):
    unit, year, boundaries, half = resolve(request, key, year)
    record = _report_for_edit(request, unit, year, boundaries, half)
    form = DocumentForm(request.POST, instance=AnnualReport.objects.get(pk=record.pk))
    if form.is_valid():
        expected = form.cleaned_data["version"] or record.version
        try:
            services.update_document(actor=request.user, report=record, fields=form.cleaned_data,
                                     expected_version=expected, on_behalf=is_write_on_behalf(request.user, unit))
            messages.success(request, _("Đã lưu thông tin văn bản."))
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for message in errors:
                messages.error(request, f"{label}: {message}" if label else message)
    return _back(unit, year, boundaries, half)
@require_POST
@bad_requests
def finalise(request, key, year):
    unit, year, boundaries, half = resolve(request, key, year)
    try:
        ensure_can(request.user, APPROVE, unit)
        record = services.get_or_create_report(actor=request.user, unit=unit, year=year, boundaries=boundaries,
                                               half=half, on_behalf=is_write_on_behalf(request.user, unit))
        form = FinaliseForm(request.POST)
        form.is_valid()
        services.finalise(actor=request.user, report=record, fields=form.cleaned_data)
        messages.success(request, _("Đã hoàn thành báo cáo; số liệu đã được chốt."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return _back(unit, year, boundaries, half)
@require_POST
@bad_requests
def reopen(request, key, year):
    unit, year, boundaries, half = resolve(request, key, year)
    record = selectors.find_report(unit, year, boundaries, half)
    if record is None:
        raise Http404(_("Chưa có báo cáo."))
    try:
        services.reopen(actor=request.user, report=record, reason=request.POST.get("reason", ""))
        messages.success(request, _("Đã mở lại báo cáo; số liệu được cập nhật trực tiếp."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return _back(unit, year, boundaries, half)
def issuing_body(request, key):
    """The unit's issuing-body data (header, symbol, place, signer): shown to all who see the unit, edited by
    its administrators."""
    from danvan.accounts.permissions import can_edit_issuing_body

    from . import documents
    from .forms import IssuingBodyForm

    unit = object_or_404_scoped(OrgUnit.objects.select_related("parent"), request.user, key=key)
    may_edit = can_edit_issuing_body(request.user, unit)
    form = IssuingBodyForm(instance=unit)
    if request.method == "POST":
        form = IssuingBodyForm(request.POST, instance=OrgUnit.objects.get(pk=unit.pk))
        if form.is_valid():
            try:
                services.update_issuing_body(actor=request.user, unit=unit, fields=form.cleaned_data)
                messages.success(request, _("Đã lưu thông tin cơ quan ban hành."))
                return redirect(request.path)
            except ValidationError as error:
                add_service_errors(form, error)
    today = timezone.localdate()
    return render(request, "annual/issuing_body.html", {
        "unit": unit, "form": form, "may_edit": may_edit,
        "profile": documents.profile(unit, today), "defaults": documents.kind_defaults(unit, today),
    })
