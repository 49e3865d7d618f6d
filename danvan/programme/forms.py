"""HTML forms: shape only; every rule is in services. Units and linked records are picked by name."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.core.fields import VnDateField, VnIntegerField
from danvan.core.picker import PickerField, PickerListField

from .models import ProgrammeItem


class ProgrammeForm(forms.Form):
    unit = PickerField(label=_("Đơn vị"), scope="write")
    year = VnIntegerField(label=_("Năm"))
    theme = forms.CharField(label=_("Chủ đề năm"), max_length=300, required=False,
                            help_text=_("Ví dụ: “Năm Dân vận chính quyền”, “Năm dân vận khéo”."))
    symbol = forms.CharField(label=_("Số, ký hiệu chương trình"), max_length=80, required=False)
    summary = forms.CharField(label=_("Phương hướng chung"), widget=forms.Textarea(attrs={"rows": 4}),
                              required=False)
    version = VnIntegerField(widget=forms.HiddenInput, required=False)


class ProgrammeEditForm(ProgrammeForm):
    """The header of an existing programme: its unit and year are fixed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["unit"], self.fields["year"]


class ItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=ProgrammeItem.Kind.choices)
    number = VnIntegerField(label=_("Số thứ tự"), required=False, min_value=0,
                            help_text=_("Để trống: tiếp theo số cuối cùng."))
    title = forms.CharField(label=_("Tên nhiệm vụ, đề án"), max_length=500)
    description = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    assigned_by = forms.ChoiceField(label=_("Cơ quan giao"), choices=ProgrammeItem.AssignedBy.choices,
                                    initial=ProgrammeItem.AssignedBy.UNIT)
    owner_unit = PickerField(label=_("Đơn vị chủ trì"), scope="all", required=False,
                             help_text=_("Để trống: đơn vị lập chương trình. Gõ vài chữ của tên đơn vị rồi chọn."))
    cooperating_units = PickerListField(label=_("Đơn vị phối hợp"), scope="all", required=False)
    deadline = VnDateField(label=_("Thời hạn"), required=False)
    expected_output = forms.CharField(label=_("Sản phẩm dự kiến"), widget=forms.Textarea(attrs={"rows": 2}),
                                      required=False)
    version = VnIntegerField(widget=forms.HiddenInput, required=False)


def month_choices(year: int, today: datetime.date) -> list[tuple[str, str]]:
    """The months a status can be reported for: from the programme year's first month to this month."""
    choices = []
    month = datetime.date(year, 1, 1)
    last = today.replace(day=1)
    while month <= last:
        choices.append((month.isoformat(), month.strftime("%m/%Y")))
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return list(reversed(choices))


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Tình trạng"), choices=ProgrammeItem.Status.choices)
    month = forms.ChoiceField(label=_("Tháng"))
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                           help_text=_("Bắt buộc khi quá hạn hoặc dừng thực hiện."))
    evidence = forms.CharField(label=_("Minh chứng"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                               help_text=_("Mỗi dòng một đường dẫn (https://… hoặc trang của hệ thống)."))
    done_on = VnDateField(label=_("Ngày hoàn thành"), required=False, help_text=_("Để trống: hôm nay."))
    version = VnIntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, year: int, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = month_choices(year, today) or [
            (today.replace(day=1).isoformat(), today.strftime("%m/%Y"))]


class LinkForm(forms.Form):
    document = PickerField(source="document", label=_("Văn bản"), required=False,
                           help_text=_("Gõ vài chữ của số, ký hiệu hoặc trích yếu rồi chọn."))
    campaign = PickerField(source="campaign", label=_("Cuộc vận động, phong trào"), required=False,
                           help_text=_("Gõ vài chữ của tên cuộc vận động rồi chọn."))
    activity = PickerField(source="activity", label=_("Hoạt động"), required=False,
                           help_text=_("Gõ vài chữ của tên hoạt động rồi chọn."))
    report = PickerField(source="submission", label=_("Báo cáo định kỳ"), required=False,
                         help_text=_("Gõ tên biểu mẫu, đơn vị hoặc kỳ báo cáo rồi chọn."))
    version = VnIntegerField(widget=forms.HiddenInput, required=False)

    FIELDS = {"document": "documents", "campaign": "campaigns", "activity": "activities", "report": "reports"}


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp XLSX hoặc CSV"))
