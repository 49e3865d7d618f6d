"""Form shapes only; every rule is in the services."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.core.fields import DateInput, VnDateField, VnIntegerField
from danvan.core.picker import PickerField
from danvan.orgunits.models import OrgUnit, Sector

from .models import Activity, ActivityKind, Commitment, DocumentReview, Project

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
LEVEL_CHOICES = [("", _("— theo cấp của đơn vị —")), *OrgUnit.Level.choices]


def _date(label, required=True, **kwargs):
    return VnDateField(label=label, required=required, input_formats=DATE_FORMATS,
                           widget=DateInput(), **kwargs)


class ActivityForm(forms.Form):
    unit = PickerField(label=_("Đơn vị tổ chức"), scope="write", to_key=True, required=False,
                       help_text=_("Gõ vài chữ của tên đơn vị rồi chọn; để trống: đơn vị của bạn."))
    on_behalf = forms.BooleanField(label=_("Nhập thay đơn vị cấp dưới"), required=False)
    kind = forms.ModelChoiceField(label=_("Loại hoạt động"), queryset=ActivityKind.objects.filter(is_active=True))
    title = forms.CharField(label=_("Tên hoạt động"), max_length=300)
    purpose = forms.ChoiceField(label=_("Mục đích (hội nghị)"), choices=[("", "—"), *Activity.Purpose.choices],
                                required=False)
    level = forms.ChoiceField(label=_("Cấp"), choices=LEVEL_CHOICES, required=False,
                              help_text=_("Chỉ chọn khi sự kiện phối hợp được tính ở cấp khác."))
    sector = forms.ModelChoiceField(label=_("Khối"), queryset=Sector.objects.all(), required=False)
    status = forms.ChoiceField(label=_("Trạng thái"), choices=Activity.Status.choices, initial=Activity.Status.HELD)
    start_date = _date(_("Ngày bắt đầu"))
    end_date = _date(_("Ngày kết thúc"), required=False)
    place_mode = forms.ChoiceField(label=_("Hình thức"), choices=Activity.PlaceMode.choices)
    place = forms.CharField(label=_("Địa điểm"), max_length=300, required=False)
    connected_points = VnIntegerField(label=_("Số điểm cầu"), required=False)
    participants = VnIntegerField(label=_("Số người tham gia"), required=False)
    attendees = VnIntegerField(label=_("Số lượt người tham dự"), required=False)
    attendees_confirmed = forms.BooleanField(label=_("Xác nhận số lượt người vượt mức"), required=False)
    documents = forms.CharField(label=_("Văn bản học tập, quán triệt"), required=False, max_length=1000,
                                help_text=_("Số, ký hiệu, cách nhau bởi dấu chấm phẩy: 25-NQ/TW; 23-QĐ/TW"))
    outlet = forms.CharField(label=_("Cơ quan báo chí"), max_length=200, required=False)
    link = forms.CharField(label=_("Đường dẫn"), max_length=500, required=False)
    minutes = forms.CharField(label=_("Kết quả, biên bản"), widget=forms.Textarea, required=False)
    issues_summary = forms.CharField(label=_("Vấn đề được nêu"), widget=forms.Textarea, required=False)
    participating_organisations = forms.CharField(label=_("Cơ quan, tổ chức tham gia"), widget=forms.Textarea,
                                                  required=False)
    external_ref = forms.CharField(label=_("Mã tham chiếu"), max_length=64, required=False)
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)
    version = VnIntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["unit"], self.fields["on_behalf"], self.fields["submission_key"]
        elif not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4().hex)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Tệp đính kèm"))


class IssueForm(forms.Form):
    content = forms.CharField(label=_("Nội dung kiến nghị, phản ánh"), widget=forms.Textarea)
    raised_by = forms.CharField(label=_("Người, nhóm nêu"), max_length=200, required=False)


class CommitmentForm(forms.Form):
    content = forms.CharField(label=_("Nội dung cam kết"), widget=forms.Textarea)
    owner_unit = PickerField(label=_("Đơn vị chủ trì"), scope="all", to_key=True)
    deadline = _date(_("Hạn thực hiện"))
    issue = VnIntegerField(widget=forms.HiddenInput, required=False)


class CommitmentStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Trạng thái"), choices=Commitment.Status.choices)
    done_on = _date(_("Ngày hoàn thành"), required=False)
    result = forms.CharField(label=_("Kết quả thực hiện"), widget=forms.Textarea, required=False)
    version = VnIntegerField(widget=forms.HiddenInput, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp XLSX hoặc CSV"))
    on_behalf = forms.BooleanField(label=_("Nhập thay đơn vị cấp dưới"), required=False)


class DocumentForm(forms.Form):
    unit = PickerField(label=_("Đơn vị vào sổ"), scope="write", to_key=True, required=False,
                       help_text=_("Gõ vài chữ của tên đơn vị rồi chọn; để trống: đơn vị của bạn."))
    on_behalf = forms.BooleanField(label=_("Nhập thay đơn vị cấp dưới"), required=False)
    symbol = forms.CharField(label=_("Số, ký hiệu"), max_length=80,
                             help_text=_("25-NQ/TW, 24-KH/BDVTU, 123/QĐ-UBND, 12/2025/QĐ-UBND"))
    issuing_body = forms.CharField(label=_("Cơ quan ban hành"), max_length=200)
    issued_on = _date(_("Ngày ban hành"))
    title = forms.CharField(label=_("Trích yếu"), max_length=500)
    summary = forms.CharField(label=_("Tóm tắt nội dung"), widget=forms.Textarea, required=False)
    replaces = forms.CharField(label=_("Thay thế văn bản (số, ký hiệu)"), max_length=80, required=False)
    interim_review_years = VnIntegerField(label=_("Sơ kết sau (năm)"), required=False)
    final_review_years = VnIntegerField(label=_("Tổng kết sau (năm)"), required=False)
    file = forms.FileField(label=_("Tệp văn bản"), required=False)
    version = VnIntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["unit"], self.fields["on_behalf"]


class RequirementForm(forms.Form):
    unit = PickerField(label=_("Đơn vị (phạm vi)"), to_key=True)
    levels = forms.MultipleChoiceField(label=_("Các cấp phải học tập, quán triệt"), choices=OrgUnit.Level.choices,
                                       widget=forms.CheckboxSelectMultiple)
    deadline = _date(_("Hạn"))
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)


class PlanForm(forms.Form):
    unit = PickerField(label=_("Đơn vị"), to_key=True)
    symbol = forms.CharField(label=_("Số, ký hiệu kế hoạch"), max_length=80, required=False)
    issued_on = _date(_("Ngày ban hành"))
    title = forms.CharField(label=_("Trích yếu"), max_length=500, required=False)


class ReviewForm(forms.Form):
    unit = PickerField(label=_("Đơn vị"), to_key=True)
    kind = forms.ChoiceField(label=_("Loại"), choices=DocumentReview.Kind.choices)
    held_on = _date(_("Ngày thực hiện"))
    report_symbol = forms.CharField(label=_("Số, ký hiệu báo cáo"), max_length=80, required=False)
    report = forms.CharField(label=_("Nội dung báo cáo"), widget=forms.Textarea, required=False)


class ProjectForm(forms.Form):
    unit = PickerField(label=_("Đơn vị được giao"), scope="all", to_key=True)
    name = forms.CharField(label=_("Tên đề án"), max_length=400)
    assigned_by = forms.CharField(label=_("Cơ quan giao"), max_length=200)
    assigned_on = _date(_("Ngày giao"))
    deadline = _date(_("Hạn trình"), required=False)


class ProjectStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Trạng thái mới"), choices=Project.Status.choices)
    completed_on = _date(_("Ngày hoàn thành"), required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)
