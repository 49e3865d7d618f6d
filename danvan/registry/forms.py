"""Form shapes only; every rule lives in services/."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.core.fields import DateInput, VnDateField, VnIntegerField
from danvan.core.picker import PickerField
from danvan.orgunits.models import Sector

from .models import DvkModel, DvkYear, Field, Level

DATE = DateInput()
TEXTAREA = forms.Textarea(attrs={"rows": 3})


class ModelForm(forms.Form):
    """Create or edit a model (name, holder, field, sector and the registration contents)."""

    kind = forms.ChoiceField(label=_("Loại"), choices=DvkModel.Kind.choices)
    subject = forms.ChoiceField(label=_("Tập thể hay cá nhân"), choices=DvkModel.Subject.choices)
    name = forms.CharField(label=_("Tên mô hình, điển hình"), max_length=500)
    collective_unit = PickerField(label=_("Đơn vị của tập thể (nếu tập thể là một đơn vị khác)"),
                                  scope="all", to_key=True, required=False)
    group_name = forms.CharField(label=_("Tên tập thể (nếu không phải chính đơn vị)"), max_length=300, required=False)
    person_name = forms.CharField(label=_("Họ và tên cá nhân"), max_length=200, required=False)
    person_position = forms.CharField(label=_("Chức vụ"), max_length=200, required=False)
    person_unit = forms.CharField(label=_("Đơn vị công tác"), max_length=300, required=False)
    field = forms.ModelChoiceField(label=_("Lĩnh vực"), queryset=Field.objects.filter(is_active=True))
    sector = forms.ModelChoiceField(label=_("Khối"), queryset=Sector.objects.all(), required=False)
    situation = forms.CharField(label=_("Sự cần thiết, lý do"), widget=TEXTAREA, required=False)
    goals = forms.CharField(label=_("Mục tiêu, tiêu chí đánh giá"), widget=TEXTAREA, required=False)
    content_method = forms.CharField(label=_("Nội dung, cách thức thực hiện"), widget=TEXTAREA, required=False)
    scope_target = forms.CharField(label=_("Phạm vi, đối tượng"), widget=TEXTAREA, required=False)
    forces = forms.CharField(label=_("Lực lượng tham gia"), widget=TEXTAREA, required=False)
    resources = forms.CharField(label=_("Nguồn lực"), widget=TEXTAREA, required=False)
    timeline = forms.CharField(label=_("Thời gian thực hiện"), widget=TEXTAREA, required=False)
    outputs = forms.CharField(label=_("Sản phẩm, kết quả kiểm chứng"), widget=TEXTAREA, required=False)
    sustainability = forms.CharField(label=_("Tính bền vững, khả năng nhân rộng"), widget=TEXTAREA, required=False)
    version = VnIntegerField(widget=forms.HiddenInput, required=False)

    def model_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("version", "unit", "year", "register",
                                                                         "registered_on", "on_behalf",
                                                                         "submission_key")}
        return data


class CreateForm(ModelForm):
    unit = PickerField(label=_("Đơn vị đăng ký"), scope="write", to_key=True)
    on_behalf = forms.BooleanField(label=_("Nhập thay đơn vị cấp dưới"), required=False)
    year = VnIntegerField(label=_("Năm đăng ký"))
    register = forms.BooleanField(label=_("Đăng ký ngay (bỏ chọn để lưu dự thảo)"), required=False, initial=True)
    registered_on = VnDateField(label=_("Ngày đăng ký"), required=False, widget=DATE)
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    field_order = ["unit", "on_behalf", "year", "kind", "subject", "name"]


class RegisterYearForm(forms.Form):
    year = VnIntegerField(label=_("Năm đăng ký"))
    registered_on = VnDateField(label=_("Ngày đăng ký"), required=False, widget=DATE)


class SubmitForm(forms.Form):
    registered_on = VnDateField(label=_("Ngày đăng ký"), required=False, widget=DATE)
    version = VnIntegerField(widget=forms.HiddenInput, required=False)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Nội dung cần bổ sung"), widget=TEXTAREA, required=False)
    version = VnIntegerField(widget=forms.HiddenInput, required=False)


class RecogniseForm(forms.Form):
    level = forms.ChoiceField(label=_("Cấp công nhận"), choices=Level.choices)
    recognising_body = forms.CharField(label=_("Cơ quan công nhận"), max_length=300, required=False)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=100, required=False)
    decision_date = VnDateField(label=_("Ngày quyết định"), required=False, widget=DATE)
    recognised_on = VnDateField(label=_("Ngày công nhận (mặc định: ngày quyết định)"), required=False,
                                    widget=DATE)
    version = VnIntegerField(widget=forms.HiddenInput, required=False)


class NotRecogniseForm(forms.Form):
    reason = forms.CharField(label=_("Lý do không công nhận"), widget=TEXTAREA, required=False)
    version = VnIntegerField(widget=forms.HiddenInput, required=False)


class HonourForm(forms.Form):
    level = forms.ChoiceField(label=_("Cấp tôn vinh"), choices=Level.choices)
    event = forms.CharField(label=_("Sự kiện tôn vinh"), max_length=300, required=False)
    honoured_on = VnDateField(label=_("Ngày tôn vinh"), required=False, widget=DATE)
    version = VnIntegerField(widget=forms.HiddenInput, required=False)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Tệp (PDF, DOCX, XLSX, JPG, PNG)"))
    description = forms.CharField(label=_("Mô tả"), max_length=300, required=False)


class ReplicateForm(forms.Form):
    original = PickerField(label=_("Mô hình gốc được nhân rộng"), source="model", to_key=True)


class DiscontinueForm(forms.Form):
    on = VnDateField(label=_("Ngừng từ ngày"), required=False, widget=DATE)
    reason = forms.CharField(label=_("Lý do ngừng"), widget=TEXTAREA, required=False)
    version = VnIntegerField(widget=forms.HiddenInput, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp XLSX hoặc CSV theo mẫu"))


class CriterionForm(forms.Form):
    name = forms.CharField(label=_("Tiêu chí"), max_length=300)
    max_score = VnIntegerField(label=_("Điểm tối đa"), required=False, min_value=1, max_value=1000)
    order = VnIntegerField(label=_("Thứ tự"), required=False, initial=100)


class FieldForm(forms.Form):
    name = forms.CharField(label=_("Tên lĩnh vực mới"), max_length=200)


STATUS_CHOICES = [("", _("— mọi trạng thái —")), *DvkYear.Status.choices]
