"""The document register and a document's implementation status for a subtree."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.accounts.permissions import can, home_unit, is_write_on_behalf, object_or_404_scoped, scope
from danvan.core.actions import NOT_SAVED, run_action, save_form
from danvan.core.audit import history_for
from danvan.core.paging import paginate
from danvan.core.sorting import sort
from danvan.core.text import search_terms
from danvan.orgunits.models import OrgUnit

from .. import selectors, services, uploads
from ..forms import DocumentForm, PlanForm, ProjectForm, ProjectStatusForm, RequirementForm, ReviewForm
from ..models import Document, Project
from ..symbols import normalise
from .common import filter_unit, form_error, resolve_unit


def _document(request, pk) -> Document:
    document = selectors.documents_for(request.user).filter(pk=pk).first()
    if document is None:
        raise Http404(_("Không tìm thấy bản ghi hoặc bạn không có quyền xem."))
    return document
def document_list(request):
    qs = selectors.documents_for(request.user)
    for term in search_terms(request.GET.get("q", "")):
        qs = qs.filter(search_text__contains=term)
    if request.GET.get("he"):
        qs = qs.filter(family=request.GET["he"])
    if request.GET.get("loai"):
        qs = qs.filter(doc_type=request.GET["loai"])
    qs, sort_state = sort(request, qs, {"so_ky_hieu": "symbol", "ngay": ("issued_on", "symbol"),
                                        "trich_yeu": "title", "co_quan": "issuing_body"}, "-ngay")
    page = paginate(request, qs, 50)
    return render(request, "activities/document_list.html", {"page": page, "get": request.GET, "sort": sort_state,
                                                              "families": Document.Family.choices})


def _replaces(request, symbol: str):
    if not symbol:
        return None
    found = selectors.documents_for(request.user).filter(symbol=normalise(symbol)).order_by("-issued_on").first()
    if found is None:
        raise ValidationError({"replaces": _("Không có văn bản “%(s)s” trong sổ văn bản.") % {"s": symbol}})
    return found


DOC_FIELDS = ("symbol", "issuing_body", "issued_on", "title", "summary", "interim_review_years", "final_review_years")
def document_create(request):
    form = DocumentForm(request.POST or None, request.FILES or None)
    def write(data):
        unit = resolve_unit(data["unit"], default=home_unit(request.user))
        return services.document_create(
            actor=request.user, unit=unit, on_behalf=data["on_behalf"], upload=data["file"],
            replaces=_replaces(request, data["replaces"]), **{k: data[k] for k in DOC_FIELDS})

    document = save_form(request, form, write, _("Đã vào sổ văn bản."))
    if document is not NOT_SAVED:
        return redirect(document)
    return render(request, "activities/document_form.html", {"form": form, "title": _("Vào sổ văn bản")})
def document_edit(request, pk):
    document = _document(request, pk)
    initial = {k: getattr(document, k) for k in DOC_FIELDS}
    initial.update(version=document.version, replaces=document.replaces.symbol if document.replaces else "")
    form = DocumentForm(request.POST or None, request.FILES or None, initial=initial, editing=True)
    saved = save_form(request, form, lambda data: services.document_update(
        actor=request.user, document=document, expected_version=data["version"],
        on_behalf=is_write_on_behalf(request.user, document), upload=data["file"],
        replaces=_replaces(request, data["replaces"]), **{k: data[k] for k in DOC_FIELDS}), _("Đã cập nhật văn bản."))
    if saved is not NOT_SAVED:
        return redirect(document)
    return render(request, "activities/document_form.html", {"form": form, "document": document,
                                                              "title": _("Sửa văn bản")})
def document_detail(request, pk):
    document = _document(request, pk)
    root = filter_unit(request)
    status = selectors.document_status(document, root) if root else None
    rows = paginate(request, status["rows"], 100) if status else None
    return render(request, "activities/document_detail.html", {
        "document": document, "root": root, "status": status, "rows": rows,
        "conferences": scope(document.activities.select_related("unit", "kind"), request.user)[:50],
        "can_write": request.user.is_superuser or _writable(request.user).exists(),
        "requirement_form": RequirementForm(initial={"unit": root.key if root else ""}),
        "plan_form": PlanForm(initial={"unit": root.key if root else ""}),
        "review_form": ReviewForm(initial={"unit": root.key if root else ""}),
        "project_form": ProjectForm(initial={"unit": root.key if root else ""}),
        "project_status_form": ProjectStatusForm(),
        "can_edit": can(request.user, "write", document.unit, on_behalf=True),
        # A document is read by every unit below it: each reader sees only its own subtree's entries (issue 13).
        "history": history_for(document, viewer=request.user)[:50],
    })


def _writable(user):
    from danvan.accounts.permissions import writable_units

    return writable_units(user)
def document_file(request, pk):
    document = _document(request, pk)
    if not document.file:
        raise Http404
    return uploads.file_response(document.file, document.file_name or "van-ban")


def _sub_unit(request, data) -> tuple[OrgUnit, bool]:
    unit = resolve_unit(data["unit"])
    return unit, is_write_on_behalf(request.user, unit)


def _document_entry(request, pk, form_class, write, success: str):
    """One POST from the document page: validate the form, resolve the unit (on behalf if below the user's
    own), let `write(document, unit, on_behalf, data)` call the service, and report back on the page."""
    document = _document(request, pk)
    form = form_class(request.POST)
    def run(_obj):
        if not form.is_valid():
            raise form_error(form)
        data = form.cleaned_data
        unit, on_behalf = _sub_unit(request, data)
        write(document, unit, on_behalf, data)
        return success
    return run_action(request, document, run, back=document)
@require_POST
def requirement_add(request, pk):
    return _document_entry(request, pk, RequirementForm, lambda document, unit, on_behalf, data: (
        services.requirement_set(actor=request.user, document=document, unit=unit, on_behalf=on_behalf,
                                 levels=data["levels"], deadline=data["deadline"], note=data["note"])),
        _("Đã ghi yêu cầu học tập, quán triệt."))
@require_POST
def plan_add(request, pk):
    return _document_entry(request, pk, PlanForm, lambda document, unit, on_behalf, data: (
        services.plan_add(actor=request.user, document=document, unit=unit, on_behalf=on_behalf,
                          symbol=data["symbol"], issued_on=data["issued_on"], title=data["title"])),
        _("Đã ghi kế hoạch thực hiện."))
@require_POST
def review_add(request, pk):
    return _document_entry(request, pk, ReviewForm, lambda document, unit, on_behalf, data: (
        services.review_add(actor=request.user, document=document, unit=unit, on_behalf=on_behalf,
                            kind=data["kind"], held_on=data["held_on"], report_symbol=data["report_symbol"],
                            report=data["report"])),
        _("Đã ghi sơ kết, tổng kết."))
@require_POST
def project_add(request, pk):
    return _document_entry(request, pk, ProjectForm, lambda document, unit, on_behalf, data: (
        services.project_create(actor=request.user, unit=unit, on_behalf=on_behalf, document=document,
                                name=data["name"], assigned_by=data["assigned_by"],
                                assigned_on=data["assigned_on"], deadline=data["deadline"])),
        _("Đã ghi đề án."))
@require_POST
def project_status(request, pk):
    project = object_or_404_scoped(Project.objects.select_related("unit", "document"), request.user, pk=pk)
    form = ProjectStatusForm(request.POST)
    def run(_obj):
        if not form.is_valid():
            raise form_error(form)
        data = form.cleaned_data
        services.project_transition(actor=request.user, project=project, to=data["status"],
                                    completed_on=data["completed_on"], note=data["note"],
                                    on_behalf=is_write_on_behalf(request.user, project))
        return _("Đã cập nhật đề án.")
    return run_action(request, project, run, back=project.document or "activities:document_list")
