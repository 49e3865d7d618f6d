"""HTML forms: shape only. Units and the rewarded record are picked by name (keys still work); rules live in
services."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.core.fields import DateInput, VnDateField, VnIntegerField
from danvan.core.picker import PickerField, source

from .models import AwardForm, Commendation


class UnitKeyField(PickerField):
    """A unit picked by name or key; cleans to the key (the services take keys)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("to_key", True)
        kwargs.setdefault("scope", "all")
        super().__init__(**kwargs)


class CommendationForm(forms.Form):
    unit_key = UnitKeyField(label=_("Đơn vị được khen"))
    proposing_unit_key = UnitKeyField(label=_("Đơn vị đề nghị"), required=False,
                                      help_text=_("Để trống: chính đơn vị được khen."))
    on_behalf = forms.BooleanField(label=_("Nhập thay đơn vị cấp dưới"), required=False)
    recipient_type = forms.ChoiceField(label=_("Đối tượng"), choices=Commendation.RecipientType.choices)
    recipient_unit_key = UnitKeyField(label=_("Tập thể là một đơn vị"), required=False,
                                      help_text=_("Chỉ với tập thể là một đơn vị trong hệ thống."))
    recipient_name = forms.CharField(label=_("Tên tập thể / họ và tên"), max_length=255, required=False)
    recipient_position = forms.CharField(label=_("Chức vụ"), max_length=200, required=False)
    recipient_unit_text = forms.CharField(label=_("Đơn vị công tác"), max_length=255, required=False)
    form = forms.ModelChoiceField(label=_("Hình thức khen thưởng"), queryset=AwardForm.objects.filter(is_active=True))
    award_class = forms.ChoiceField(label=_("Hạng"), choices=Commendation.AwardClass.choices, required=False)
    issuing_authority = forms.CharField(label=_("Cấp / người quyết định"), max_length=200, required=False)
    reason = forms.CharField(label=_("Thành tích, lý do khen thưởng"), widget=forms.Textarea, required=False)
    period_start_year = VnIntegerField(label=_("Từ năm"), required=False)
    period_end_year = VnIntegerField(label=_("Đến năm"), required=False,
                                         help_text=_("Để trống nếu khen cho một năm."))
    link_record = PickerField(label=_("Thành tích gắn với mô hình, hoạt động hoặc cuộc vận động"),
                              source="achievement", required=False)
    link_kind = forms.ChoiceField(label=_("hoặc chỉ ghi loại thành tích"), choices=Commendation.LinkKind.choices,
                                  required=False)
    link_label = forms.CharField(label=_("và tên mô hình / hoạt động / cuộc vận động"), max_length=255,
                                 required=False,
                                 help_text=_("Khi chọn bản ghi ở trên, để trống: dùng tên của bản ghi."))
    external_ref = forms.CharField(label=_("Mã tham chiếu ngoài"), max_length=100, required=False)
    confirm_duplicate = forms.BooleanField(label=_("Xác nhận không trùng"), required=False,
                                           help_text=_("Đánh dấu khi hệ thống cảnh báo trùng nhưng đây là "
                                                       "thành tích khác."))
    version = VnIntegerField(widget=forms.HiddenInput, required=False)
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4().hex)

    def clean(self):
        data = super().clean()
        record = data.get("link_record")
        data["link_id"] = None
        if record is not None:
            data["link_kind"] = source("achievement").kind_of(record)
            data["link_id"] = record.pk
            data["link_label"] = data.get("link_label") or str(record)[:255]
        return data

    @staticmethod
    def linked_record(kind: str, pk: int | None):
        """The record a saved commendation points at (to show it in the picker), or None."""
        if not kind or not pk:
            return None
        src = source("achievement")
        return src.by_key(src.queryset(None, "all"), f"{src.parts[kind][1]} #{pk}") if kind in src.parts else None


class DecisionForm(forms.Form):
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60, required=False)
    decision_date = VnDateField(label=_("Ngày quyết định"), required=False,
                                    input_formats=["%d/%m/%Y", "%Y-%m-%d"],
                                    widget=DateInput())
    issuing_authority = forms.CharField(label=_("Cấp / người quyết định"), max_length=200, required=False)
    version = VnIntegerField(widget=forms.HiddenInput, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp XLSX hoặc CSV"))
