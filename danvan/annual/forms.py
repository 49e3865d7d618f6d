from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.core.fields import DateInput, VnIntegerField
from danvan.orgunits.models import OrgUnit

from .models import AnnualReport
from .services import DOCUMENT_FIELDS


class DocumentForm(forms.ModelForm):
    """Header, number, date and place, trích yếu, signature and recipients (the version travels along)."""

    version = VnIntegerField(widget=forms.HiddenInput)

    class Meta:
        model = AnnualReport
        fields = DOCUMENT_FIELDS
        widgets = {"report_date": DateInput(),
                   "recipients": forms.Textarea(attrs={"rows": 4})}


class SectionForm(forms.Form):
    text = forms.CharField(label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    base_version_id = VnIntegerField(required=False, widget=forms.HiddenInput)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class FinaliseForm(forms.Form):
    """What the signer decides when finalising: the issue date (fixed from then on), formula, position, name."""

    report_date = forms.DateField(label=_("Ngày ban hành"), required=True,
                                  widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    signing_formula = forms.ChoiceField(label=_("Thể thức ký"), choices=OrgUnit.SigningFormula.choices)
    signer_position = forms.CharField(label=_("Chức vụ người ký"), max_length=120, required=False,
                                      help_text=_("Ví dụ: BÍ THƯ, PHÓ TRƯỞNG BAN; để trống khi Trưởng ban ký"))
    signer = forms.CharField(label=_("Họ tên người ký"), max_length=120, required=True)


class IssuingBodyForm(forms.ModelForm):
    """A unit's header and signer for its reports; blank fields use the default for the unit's kind."""

    class Meta:
        model = OrgUnit
        fields = ["doc_superior_body", "doc_issuing_body", "doc_symbol", "doc_place", "doc_signing_formula",
                  "doc_signer_position", "doc_signer_name"]
