"""One model: register it, edit it, its detail page."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.permissions import APPROVE, WRITE, can, home_unit, is_write_on_behalf, scope
from danvan.core.forms import add_service_errors, take_typed
from danvan.core.params import year_param
from danvan.orgunits.models import OrgUnit

from .. import forms, selectors, services
from ..models import DvkModel, DvkYear, Level
from ..rules import can_recognise, reporting_year
from .common import _model


def _model_data(form) -> dict | None:
    """The form's model fields with the collective unit key resolved; None (with a form error) if unknown."""
    data = form.model_data()
    key = (data.pop("collective_unit", "") or "").strip().upper()
    data["collective_unit"] = OrgUnit.objects.filter(key=key).first() if key else None
    if key and data["collective_unit"] is None:
        form.add_error("collective_unit", _("Mã đơn vị của tập thể: không tìm thấy đơn vị “%(v)s”.") % {"v": key})
        return None
    return data


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
