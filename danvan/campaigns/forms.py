"""Form shapes only; every rule is checked by the services (errors come back per field)."""

from __future__ import annotations

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from danvan.core.fields import DateInput, VnDateField, VnIntegerField
from danvan.core.imports import parse_decimal
from danvan.core.picker import PickerField, PickerListField
from danvan.core.text import fold
from danvan.orgunits.fields import UnitKeyField
from danvan.reports.forms import PeriodField

from .models import Campaign, House, LedgerEntry, Target

DATE = DateInput()


class VndField(forms.CharField):
    """Accepts "50000000", "50.000.000" or "17,6" and hands the service an exact Decimal (never a float)."""

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        number = parse_decimal(text)
        return number if number is not None else text


class OnBehalfMixin(forms.Form):
    on_behalf = forms.BooleanField(label=_("Nhập thay đơn vị cấp dưới"), required=False)


class CampaignForm(OnBehalfMixin):
    kind = forms.ChoiceField(label=_("Loại"), choices=Campaign.Kind.choices)
    name = forms.CharField(label=_("Tên cuộc vận động, phong trào"), max_length=300)
    description = forms.CharField(label=_("Nội dung, mục đích"), widget=forms.Textarea, required=False)
    unit = UnitKeyField(label=_("Đơn vị tổ chức"))
    participant_root = UnitKeyField(label=_("Đơn vị tham gia: toàn bộ cấp dưới của"), required=False,
                                    help_text=_("Để trống nếu chỉ dùng danh sách dưới đây."))
    participant_units = PickerListField(label=_("Danh sách đơn vị tham gia"), scope="all",
                                      required=False)
    start_date = VnDateField(label=_("Ngày bắt đầu"), widget=DATE)
    end_date = VnDateField(label=_("Ngày kết thúc"), widget=DATE, required=False)
    version = VnIntegerField(widget=forms.HiddenInput, required=False)


class TargetForm(OnBehalfMixin):
    metric = forms.ChoiceField(label=_("Chỉ tiêu"), choices=Target.Metric.choices)
    label = forms.CharField(label=_("Tên chỉ tiêu"), required=False, max_length=200,
                            help_text=_("Với “Chỉ tiêu khác”: ví dụ “Số hộ được hỗ trợ sinh kế”."))
    code = forms.SlugField(label=_("Mã chỉ tiêu khác"), required=False, max_length=40,
                           help_text=_("Để trống: hệ thống tự đặt theo tên chỉ tiêu."))
    unit_of_measure = forms.CharField(label=_("Đơn vị tính"), required=False, max_length=40)
    unit = UnitKeyField(label=_("Đơn vị được giao"), required=False,
                        help_text=_("Để trống: chỉ tiêu chung của cả cuộc vận động."))
    value = VndField(label=_("Chỉ tiêu (kế hoạch)"))

    def clean(self):
        data = super().clean()
        if data.get("metric") == Target.Metric.CUSTOM and not data.get("code") and data.get("label"):
            # The code of a custom metric is only a stable name for files and the API: made from its name.
            data["code"] = slugify(fold(data["label"]))[:40].strip("-")
        return data


class LedgerEntryForm(OnBehalfMixin):
    kind = forms.ChoiceField(label=_("Loại bút toán"), choices=LedgerEntry.Kind.choices,
                             initial=LedgerEntry.Kind.RECEIPT)
    unit = UnitKeyField(label=_("Đơn vị tiếp nhận"), scope="write")
    day = VnDateField(label=_("Ngày"), widget=DATE)
    amount = VndField(label=_("Số tiền (đồng)"), help_text=_("Số nguyên, ví dụ 50.000.000."),
                      widget=forms.TextInput(attrs={"inputmode": "numeric", "data-money-words": ""}))
    form = forms.ChoiceField(label=_("Hình thức"), choices=LedgerEntry.Form.choices)
    in_kind_description = forms.CharField(label=_("Mô tả hiện vật"), required=False, max_length=300)
    donor_kind = forms.ChoiceField(label=_("Người ủng hộ là"), choices=LedgerEntry.DonorKind.choices)
    donor_name = forms.CharField(label=_("Tên người, tổ chức ủng hộ"), required=False, max_length=300)
    external_ref = forms.CharField(label=_("Mã tham chiếu (số chứng từ)"), required=False, max_length=80)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=500)


class ReverseForm(OnBehalfMixin):
    reason = forms.CharField(label=_("Lý do đảo bút toán (điều chỉnh, hoàn trả)"), max_length=500)
    day = VnDateField(label=_("Ngày"), widget=DATE, required=False)


class HouseForm(OnBehalfMixin):
    unit = UnitKeyField(label=_("Xã, phường"), scope="write")
    beneficiary_name = forms.CharField(label=_("Hộ được hỗ trợ (chủ hộ)"), max_length=200)
    beneficiary_address = forms.CharField(label=_("Địa chỉ (thôn, ấp, bản)"), max_length=300, required=False)
    beneficiary_category = forms.ChoiceField(label=_("Đối tượng"), choices=House.Category.choices)
    kind = forms.ChoiceField(label=_("Loại công trình"), choices=House.Kind.choices)
    unit_cost = VndField(label=_("Kinh phí (đồng)"),
                         widget=forms.TextInput(attrs={"inputmode": "numeric", "data-money-words": ""}))
    funding_sources = forms.CharField(label=_("Nguồn kinh phí"), max_length=500, required=False)
    external_ref = forms.CharField(label=_("Mã tham chiếu"), required=False, max_length=80)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=500)


class HouseEditForm(OnBehalfMixin):
    beneficiary_name = forms.CharField(label=_("Hộ được hỗ trợ (chủ hộ)"), max_length=200)
    beneficiary_address = forms.CharField(label=_("Địa chỉ (thôn, ấp, bản)"), max_length=300, required=False)
    beneficiary_category = forms.ChoiceField(label=_("Đối tượng"), choices=House.Category.choices)
    kind = forms.ChoiceField(label=_("Loại công trình"), choices=House.Kind.choices)
    unit_cost = VndField(label=_("Kinh phí (đồng)"),
                         widget=forms.TextInput(attrs={"inputmode": "numeric", "data-money-words": ""}))
    funding_sources = forms.CharField(label=_("Nguồn kinh phí"), max_length=500, required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=500)
    version = VnIntegerField(widget=forms.HiddenInput)


class AdvanceForm(OnBehalfMixin):
    day = VnDateField(label=_("Ngày"), widget=DATE)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=300)
    version = VnIntegerField(widget=forms.HiddenInput, required=False)


class PhotoForm(OnBehalfMixin):
    file = forms.FileField(label=_("Ảnh (JPG, PNG)"))
    caption = forms.CharField(label=_("Chú thích"), required=False, max_length=200)


class ProgressForm(OnBehalfMixin):
    metric = forms.ChoiceField(label=_("Chỉ tiêu"))

    def __init__(self, *args, campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Participants, or one of the campaign's own custom metrics, chosen by name.
        choices = [("participants", Target.Metric.PARTICIPANTS.label)]
        if campaign is not None:
            customs = campaign.targets.filter(metric=Target.Metric.CUSTOM).order_by("label", "code")
            choices += list(dict.fromkeys((t.code, t.label or t.code) for t in customs))
        self.fields["metric"].choices = choices
    unit = UnitKeyField(label=_("Đơn vị báo cáo"), scope="write")
    day = VnDateField(label=_("Ngày"), widget=DATE)
    value = VndField(label=_("Kết quả"))
    note = forms.CharField(label=_("Ghi chú (bắt buộc khi điều chỉnh giảm)"), required=False, max_length=300)


class LinkForm(OnBehalfMixin):
    record = PickerField(label=_("Hoạt động hoặc khen thưởng"), source="campaign_record")
    title = forms.CharField(label=_("Tiêu đề"), max_length=300, required=False,
                            help_text=_("Để trống: dùng tên của bản ghi."))

    def clean(self):
        data = super().clean()
        record = data.get("record")
        if record is not None:
            from danvan.core.picker import source

            data["target_type"] = source("campaign_record").kind_of(record)
            data["target_id"] = record.pk
            data["title"] = data.get("title") or str(record)[:300]
        return data


class ImportForm(OnBehalfMixin):
    file = forms.FileField(label=_("Tệp XLSX hoặc CSV"))


class ProgressFilterForm(forms.Form):
    don_vi = UnitKeyField(label=_("Đơn vị (xem theo cấp dưới)"), scope="view", required=False)
    ky = PeriodField(label=_("Kỳ (thay cho từ ngày – đến ngày)"), required=False)
    tu = VnDateField(label=_("Từ ngày"), widget=DATE, required=False)
    den = VnDateField(label=_("Đến ngày"), widget=DATE, required=False)
    ranh_gioi = forms.ChoiceField(label=_("Địa giới"), required=False,
                                  choices=[("historical", _("theo địa giới thời điểm ghi nhận")),
                                           ("current", _("theo địa giới hiện nay"))])
