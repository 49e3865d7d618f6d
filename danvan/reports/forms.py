from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.core.picker import PickerField

from .periods import ACCEPTED_FORMS, parse_period

PERIOD_HELP = _("Ví dụ: 2026, Quý 3/2026, quý III năm 2026, III/2026, 6 tháng đầu năm 2026, tháng 11/2026, "
                "11/2026 hoặc mã 2026Q3")


class PeriodField(forms.CharField):
    """A period typed as people write it; cleans to the DHIS2 code ("Quý 3/2026" -> "2026Q3").

    Every form where a person types a period uses this field (one parser: `periods.parse_period`).
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("help_text", PERIOD_HELP)
        kwargs.setdefault("label", _("Kỳ báo cáo"))
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("placeholder", "Quý 3/2026")
        self.widget.attrs.setdefault("list", "period-forms")

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return value
        try:
            return parse_period(value).code
        except ValueError as error:
            raise forms.ValidationError(str(error), code="period") from None


class FiguresChoiceForm(forms.Form):
    unit = PickerField(label=_("Đơn vị"), to_key=True, initial="VN")
    period = PeriodField()


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp CSV hoặc XLSX"),
                           help_text=_("Cột: unit, period, indicator, value; tùy chọn: category, sector. Kỳ viết "
                                       "như 2026, Quý 3/2026, 6 tháng đầu năm 2026, 11/2026 hoặc mã 2026Q3."))

    MAX_BYTES = 20 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 20 MB)."))
        return upload


__all__ = ["ACCEPTED_FORMS", "FiguresChoiceForm", "ImportForm", "PeriodField"]
