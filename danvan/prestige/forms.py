"""HTML forms: shape only. Communes are picked by name (the unit picker); rules live in rules.py/services.py."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.core.fields import VnDateField, VnDecimalField, VnIntegerField
from danvan.core.picker import PickerField

from .models import EthnicGroup, Person, SupportEntry


class PersonForm(forms.Form):
    unit = PickerField(label=_("Xã, phường, đặc khu"), scope="write",
                       help_text=_("Gõ vài chữ của tên xã rồi chọn; xã cũ (trước 01/7/2025) cũng chọn được."))
    former_unit = PickerField(label=_("Xã trước 01/7/2025"), required=False, scope="write",
                              help_text=_("Chỉ khi người có uy tín được công nhận trước 01/7/2025 ở xã cũ đã "
                                          "sáp nhập vào xã hiện nay."))
    on_behalf = forms.BooleanField(label=_("Nhập thay đơn vị cấp dưới"), required=False)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    birth_year = VnIntegerField(label=_("Năm sinh"), required=False,
                                help_text=_("Chỉ ghi năm sinh; hệ thống không lưu ngày sinh, số định danh."))
    sex = forms.ChoiceField(label=_("Giới tính"), choices=Person.Sex.choices)
    ethnic_group = forms.ModelChoiceField(label=_("Dân tộc"), queryset=EthnicGroup.objects.all())
    village = forms.CharField(label=_("Thôn, bản, buôn, ấp, phum, sóc"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Thành phần"), choices=Person.Role.choices)
    role_detail = forms.CharField(label=_("Chức danh, vai trò cụ thể"), max_length=200, required=False,
                                  help_text=_("Ví dụ: Achar chùa Khmer, trưởng ấp, già làng buôn…"))
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False,
                            help_text=_("Chỉ xã và tỉnh quản lý xã xem được."))
    decision_number = forms.CharField(label=_("Số quyết định công nhận"), max_length=60)
    decision_date = VnDateField(label=_("Ngày quyết định công nhận"))
    authority = forms.ChoiceField(
        label=_("Thẩm quyền công nhận"), required=False, choices=[("", _("— tự điền theo ngày quyết định —")),
                                                                  *Person.Authority.choices],
        help_text=_("Trước 01/7/2025: Chủ tịch UBND cấp huyện; từ 01/7/2025: Chủ tịch UBND cấp xã."))
    authority_name = forms.CharField(label=_("Cơ quan, người ký quyết định"), max_length=200, required=False,
                                     help_text=_("Để trống để hệ thống tự điền, ví dụ “Chủ tịch Ủy ban nhân dân "
                                                 "Huyện Trần Đề”."))
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    external_ref = forms.CharField(label=_("Mã tham chiếu"), max_length=100, required=False,
                                   help_text=_("Mã dùng khi nhập, xuất tệp (để trống nếu không dùng)."))
    version = VnIntegerField(widget=forms.HiddenInput, required=False)
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, show_phone: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_phone:
            del self.fields["phone"]
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4().hex)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Trạng thái mới"), choices=[
        (s, label) for s, label in Person.Status.choices if s != Person.Status.RECOGNISED])
    status_date = VnDateField(label=_("Ngày"), required=False)
    status_reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    status_decision_number = forms.CharField(label=_("Số quyết định"), max_length=60, required=False)
    version = VnIntegerField(widget=forms.HiddenInput, required=False)


class SupportForm(forms.Form):
    day = VnDateField(label=_("Ngày"))
    kind = forms.ChoiceField(label=_("Hình thức hỗ trợ"), choices=SupportEntry.Kind.choices)
    amount = VnDecimalField(label=_("Giá trị (đồng)"), required=False, help_text=_("Ví dụ 500.000"))
    provider = forms.CharField(label=_("Đơn vị hỗ trợ"), max_length=200, required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)
    version = VnIntegerField(widget=forms.HiddenInput, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp XLSX hoặc CSV"))
