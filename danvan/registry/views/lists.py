"""The list of models with its filters, the export, the import and its template."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.permissions import writable_units
from danvan.core.exports import csv_response, xlsx_response
from danvan.core.imports import ImportFailed
from danvan.core.params import page_param, year_param
from danvan.core.sorting import SortState
from danvan.jobs.web import background_import, error_report
from danvan.orgunits.models import Sector

from .. import forms, selectors, tabular
from ..importers import import_models
from ..models import DvkModel, DvkYear, Field, Level
from .common import _scoped_unit


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
