from django import forms
from django.utils.translation import gettext_lazy as _


class FeedbackForm(forms.Form):
    name = forms.CharField(label=_("Họ và tên"), max_length=100)
    email = forms.EmailField(label=_("Thư điện tử"), max_length=200,
                             help_text=_("Không hiển thị công khai; chỉ dùng khi cần liên hệ lại."))
    text = forms.CharField(label=_("Ý kiến của bạn"), max_length=3000, widget=forms.Textarea(attrs={"rows": 6}))
    # Robots fill every field; people never see this one (hidden by CSS, skipped by keyboard and screen readers).
    website = forms.CharField(label=_("Để trống ô này"), required=False,
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))
    token = forms.CharField(widget=forms.HiddenInput)
