from django import forms
from django.utils.translation import gettext_lazy as _

from . import sources
from .models import Delivery, ReminderRule


class PreferenceForm(forms.Form):
    delivery = forms.ChoiceField(label=_("Nhận thư nhắc việc"), choices=Delivery.choices, widget=forms.RadioSelect)
    muted_kinds = forms.MultipleChoiceField(
        label=_("Không nhận nhắc việc về"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Loại việc được đánh dấu sẽ không còn nhắc, cả trong hệ thống lẫn qua thư."))

    def __init__(self, *args, kind_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["muted_kinds"].choices = list(kind_choices)


class ReminderRuleAdminForm(forms.ModelForm):
    """The kind is chosen among the registered sources (plus a kind a rule already names, e.g. the work
    programme's before its app registers it)."""

    kind = forms.ChoiceField(label=_("loại việc"))

    class Meta:
        model = ReminderRule
        fields = ["kind", "name", "days_before", "overdue_every_days", "overdue_for_days", "recipient_roles",
                  "escalate_after_days", "active", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = [self.instance.kind] if self.instance and self.instance.kind else []
        self.fields["kind"].choices = sources.kind_choices(current)
