"""Form shapes only; rules live in services."""

from __future__ import annotations

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.fields import DateInput, VnDateField, VnIntegerField
from danvan.core.picker import PickerField, PickerListField
from danvan.orgunits.fields import UnitKeyField

from .models import Case, Field, Hotspot, Kind, SentimentReport


def _date(label, required=True):
    return VnDateField(label=label, required=required, widget=DateInput(),
                           input_formats=["%Y-%m-%d", "%d/%m/%Y"])


class CaseForm(forms.Form):
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)
    unit = UnitKeyField(label=_("Đơn vị tiếp nhận, xử lý"), scope="write")
    kind = forms.ChoiceField(label=_("Loại đơn"), choices=Kind.choices)
    channel = forms.ChoiceField(label=_("Nguồn tiếp nhận"), choices=Case.Channel.choices)
    received_on = _date(_("Ngày tiếp nhận"))
    subject = forms.CharField(label=_("Tóm tắt nội dung"), max_length=300)
    content = forms.CharField(label=_("Nội dung"), widget=forms.Textarea, required=False)
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=Field.choices)
    location_unit = UnitKeyField(label=_("Địa bàn phát sinh"), required=False)
    petitioner_type = forms.ChoiceField(label=_("Người gửi"), choices=Case.PetitionerType.choices)
    headcount = VnIntegerField(label=_("Số người"), min_value=1, initial=1)
    is_remote = forms.BooleanField(label=_("Vùng sâu, vùng xa, đi lại khó khăn"), required=False)
    is_complex = forms.BooleanField(label=_("Vụ việc phức tạp"), required=False)
    on_behalf = forms.BooleanField(label=_("Nhập thay đơn vị cấp dưới"), required=False)
    # first petitioner
    name = forms.CharField(label=_("Họ và tên người gửi (đại diện)"), max_length=200, required=False)
    address = forms.CharField(label=_("Địa chỉ"), max_length=300, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=40, required=False)
    id_number = forms.CharField(label=_("Số CCCD/CMND"), max_length=20, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4().hex)
            self.initial.setdefault("received_on", timezone.localdate())


class CaseEditForm(forms.Form):
    version = VnIntegerField(widget=forms.HiddenInput)
    channel = forms.ChoiceField(label=_("Nguồn tiếp nhận"), choices=Case.Channel.choices)
    received_on = _date(_("Ngày tiếp nhận"))
    subject = forms.CharField(label=_("Tóm tắt nội dung"), max_length=300)
    content = forms.CharField(label=_("Nội dung"), widget=forms.Textarea, required=False)
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=Field.choices)
    petitioner_type = forms.ChoiceField(label=_("Người gửi"), choices=Case.PetitionerType.choices)
    headcount = VnIntegerField(label=_("Số người"), min_value=1)
    is_remote = forms.BooleanField(label=_("Vùng sâu, vùng xa, đi lại khó khăn"), required=False)
    is_complex = forms.BooleanField(label=_("Vụ việc phức tạp"), required=False)


class StepForm(forms.Form):
    """One workflow step; which fields matter depends on the step (see views.STEPS)."""

    version = VnIntegerField(widget=forms.HiddenInput, required=False)
    on = _date(_("Ngày"), required=False)
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea, required=False)
    decision_number = forms.CharField(label=_("Số quyết định, kết luận"), max_length=60, required=False)
    outcome = forms.ChoiceField(label=_("Kết quả"), choices=[("", "—"), *Case.Outcome.choices], required=False)
    outcome_note = forms.CharField(label=_("Nội dung kết quả"), widget=forms.Textarea, required=False)
    activity = PickerField(label=_("Hoạt động đối thoại"), source="activity", required=False)
    activity_label = forms.CharField(label=_("hoặc tên hoạt động (nếu chưa nhập vào hệ thống)"), max_length=300,
                                     required=False)
    to_unit = UnitKeyField(label=_("Chuyển đến đơn vị"), required=False)
    to_body = forms.CharField(label=_("hoặc cơ quan ngoài hệ thống"), max_length=300, required=False)
    duplicate_of = PickerField(label=_("Đơn gốc"), source="case", required=False)
    days = VnIntegerField(label=_("Số ngày gia hạn"), min_value=1, required=False)


class PetitionerForm(forms.Form):
    name = forms.CharField(label=_("Họ và tên"), max_length=200)
    address = forms.CharField(label=_("Địa chỉ"), max_length=300, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=40, required=False)
    id_number = forms.CharField(label=_("Số CCCD/CMND"), max_length=20, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    is_representative = forms.BooleanField(label=_("Người đại diện"), required=False)


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("Tệp (PDF, ảnh, Word, Excel)"))
    description = forms.CharField(label=_("Mô tả"), max_length=300, required=False)


class GrantForm(forms.Form):
    username = PickerField(label=_("Người được xem"), source="user", to_key=True)
    reason = forms.CharField(label=_("Lý do"), max_length=300)


class IdentityDecisionForm(forms.Form):
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)


class HotspotForm(forms.Form):
    unit = UnitKeyField(label=_("Đơn vị theo dõi"), scope="view")
    title = forms.CharField(label=_("Tên vụ việc"), max_length=300)
    kind = forms.ChoiceField(label=_("Loại"), choices=Hotspot.HotspotKind.choices)
    risk_level = forms.TypedChoiceField(label=_("Mức độ nguy cơ"), choices=Hotspot.Risk.choices, coerce=int)
    flagged_on = _date(_("Ngày xác định"))
    headcount = VnIntegerField(label=_("Số người tham gia"), min_value=1, required=False)
    case_codes = PickerListField(label=_("Các vụ việc liên quan"), source="case", required=False)
    note = forms.CharField(label=_("Diễn biến, biện pháp"), widget=forms.Textarea, required=False)
    on_behalf = forms.BooleanField(label=_("Nhập thay đơn vị cấp dưới"), required=False)


class HotspotCasesForm(forms.Form):
    add_cases = PickerListField(label=_("Gắn thêm vụ việc"), source="case")


class HotspotUpdateForm(forms.Form):
    version = VnIntegerField(widget=forms.HiddenInput)
    risk_level = forms.TypedChoiceField(label=_("Mức độ nguy cơ"), choices=Hotspot.Risk.choices, coerce=int)
    headcount = VnIntegerField(label=_("Số người tham gia"), min_value=1, required=False)
    note = forms.CharField(label=_("Diễn biến, biện pháp"), widget=forms.Textarea, required=False)
    resolved_on = _date(_("Ngày ổn định (để trống nếu chưa)"), required=False)


ISSUE_ROWS = 6


class SentimentForm(forms.Form):
    version = VnIntegerField(widget=forms.HiddenInput, required=False)
    unit = UnitKeyField(label=_("Đơn vị báo cáo"), scope="write")
    period_type = forms.ChoiceField(label=_("Loại kỳ"), choices=SentimentReport.PeriodType.choices)
    period_code = forms.CharField(label=_("Kỳ báo cáo"), max_length=40,
                                  help_text=_("Tháng: 11/2023 hoặc 202311; quý: Quý 3/2023 hoặc 2023Q3; "
                                              "báo cáo nhanh: 20231105"))
    title = forms.CharField(label=_("Tiêu đề"), max_length=300)
    mood = forms.ChoiceField(label=_("Tâm trạng Nhân dân"), choices=SentimentReport.Mood.choices)
    mood_note = forms.CharField(label=_("Đánh giá tư tưởng, tâm trạng"), widget=forms.Textarea, required=False)
    hot_issues = forms.CharField(label=_("Vấn đề nổi cộm, bức xúc"), widget=forms.Textarea, required=False)
    proposals = forms.CharField(label=_("Đề xuất, kiến nghị"), widget=forms.Textarea, required=False)
    case_codes = PickerListField(label=_("Các vụ việc liên quan"), source="case", required=False)
    on_behalf = forms.BooleanField(label=_("Nhập thay đơn vị cấp dưới"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(ISSUE_ROWS):
            self.fields[f"issue_{i}_field"] = forms.ChoiceField(
                label=_("Vấn đề %(n)s – lĩnh vực") % {"n": i + 1}, choices=[("", "—"), *Field.choices],
                required=False)
            self.fields[f"issue_{i}_description"] = forms.CharField(
                label=_("Vấn đề %(n)s – nội dung") % {"n": i + 1}, max_length=500, required=False)
            self.fields[f"issue_{i}_mentions"] = VnIntegerField(
                label=_("Vấn đề %(n)s – số lượt phản ánh") % {"n": i + 1}, min_value=1, required=False)
            self.fields[f"issue_{i}_is_hot"] = forms.BooleanField(
                label=_("Vấn đề %(n)s – nổi cộm") % {"n": i + 1}, required=False)

    def issues(self) -> list[dict]:
        data = self.cleaned_data
        return [{"field": data.get(f"issue_{i}_field") or "", "description": data.get(f"issue_{i}_description") or "",
                 "mentions": data.get(f"issue_{i}_mentions") or 1, "is_hot": data.get(f"issue_{i}_is_hot")}
                for i in range(ISSUE_ROWS) if data.get(f"issue_{i}_description")]


class PublicLookupForm(forms.Form):
    code = forms.CharField(label=_("Mã tra cứu"), max_length=24)
