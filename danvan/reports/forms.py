from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.core.picker import PickerField


class FiguresChoiceForm(forms.Form):
    unit = PickerField(label=_("Đơn vị"), to_key=True, initial="VN")
    period = forms.CharField(label=_("Kỳ báo cáo"), max_length=10, help_text=_("2023, 2023S1, 2023Q3 hoặc 202311"))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp CSV hoặc XLSX"),
                           help_text=_("Cột: unit, period, indicator, value; tùy chọn: category, sector."))

    MAX_BYTES = 20 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 20 MB)."))
        return upload
