"""The POSTed steps on a model and its years, and its attachments."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.accounts.permissions import is_write_on_behalf, object_or_404_scoped
from danvan.core.actions import show_errors
from danvan.core.formatting import format_date_short
from danvan.core.forms import keep_typed
from danvan.core.imports import parse_date
from danvan.core.params import int_param, year_param
from danvan.core.picker import typed_key

from .. import attachments as attachment_services
from .. import forms, services
from ..models import Attachment, DvkModel, DvkYear
from .common import _model


def _int(value, default=None):
    return int_param(value, default=default)


def _refused(request, error: ValidationError, action: str) -> None:
    """The service's refusal as page messages, and what was typed kept for the form shown again."""
    show_errors(request, error)
    keep_typed(request, action)


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
        _refused(request, error, action)
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
        _refused(request, error, action)
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
