from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.core.formatting import format_number
from danvan.core.picker import PickerField
from danvan.reports.forms import PeriodField

from .models import ReportForm


def field_name(code: str) -> str:
    return "v__" + code.replace(".", "__")


class EntryForm(forms.Form):
    """The form's figures (blank = use the unit's own records) and narrative sections, plus the version."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, rows=(), sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.codes = []
        for row in rows:
            if not row.editable:
                continue
            # The value from records is the placeholder: left blank, the records count for the unit.
            self.fields[field_name(row.code)] = forms.CharField(
                label=row.name, required=False, max_length=30,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 14,
                                              "placeholder": format_number(row.records)}))
            self.codes.append(row.code)
        self.section_keys = []
        for section in sections:
            self.fields["s__" + section["key"]] = forms.CharField(
                label=section.get("title", section["key"]), required=False,
                widget=forms.Textarea(attrs={"rows": 5}))
            self.section_keys.append(section["key"])

    def values(self) -> dict:
        return {code: self.cleaned_data.get(field_name(code), "") for code in self.codes}

    def narrative(self) -> dict:
        return {key: self.cleaned_data.get("s__" + key, "") for key in self.section_keys}


class StartForm(forms.Form):
    form = forms.ModelChoiceField(label=_("Biểu mẫu"), queryset=ReportForm.objects.filter(active=True),
                                  to_field_name="code")
    unit = PickerField(label=_("Đơn vị"), scope="write", to_key=True)
    period = PeriodField()

    def clean(self):
        """A period of another kind than the form's ("6 tháng đầu năm 2026" for a quarterly report) is refused
        here, on the "Mở" form, with the reason."""
        data = super().clean()
        form, code = data.get("form"), data.get("period")
        if form is not None and code:
            from danvan.reports.periods import parse_period

            period = parse_period(code)
            if period.type != form.period_type:
                self.add_error("period", _("Biểu mẫu “%(form)s” báo cáo theo %(type)s, không theo %(period)s.") % {
                    "form": form.name, "type": form.get_period_type_display().lower(), "period": period.label})
        return data


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Ý kiến / lý do"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))
