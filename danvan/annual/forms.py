from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.core.fields import DateInput, VnIntegerField

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
