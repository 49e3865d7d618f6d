from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from danvan.core.picker import PickerField
from danvan.core.ratelimit import client_address, hit, reset

from .models import Membership


class RateLimitedAuthenticationForm(AuthenticationForm):
    """Limits sign-in attempts per client address and username, and per client address.

    Attempts are counted atomically before the password is checked, so parallel guesses cannot all slip under
    the limit. The limit is per address *and* username: a stranger elsewhere cannot lock the real user out.
    A successful sign-in clears the count for that address and username.
    """

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng."),
        "inactive": _("Tài khoản này đã bị khóa."),
        "rate_limited": _("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %(minutes)s phút."),
    }

    def clean(self):
        address = client_address(self.request) if self.request else "unknown"
        username = (self.cleaned_data.get("username") or "").lower()
        pair_key = f"login:{address}:{username}"
        window = settings.LOGIN_RATE_WINDOW
        within = hit(pair_key, settings.LOGIN_RATE_LIMIT, window)
        within = hit(f"login:{address}", settings.LOGIN_ADDRESS_RATE_LIMIT, window) and within
        if not within:
            raise forms.ValidationError(
                self.error_messages["rate_limited"], code="rate_limited",
                params={"minutes": max(1, window // 60)},
            )
        cleaned = super().clean()
        reset(pair_key)
        return cleaned


class UserCreateForm(forms.Form):
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    position = forms.CharField(label=_("Chức vụ"), max_length=150, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    password = forms.CharField(label=_("Mật khẩu ban đầu"), widget=forms.PasswordInput)
    unit_key = PickerField(label=_("Đơn vị"), to_key=True)
    role = forms.ChoiceField(label=_("Vai trò"), choices=Membership.Role.choices)


class MembershipForm(forms.Form):
    unit_key = PickerField(label=_("Đơn vị"), to_key=True)
    role = forms.ChoiceField(label=_("Vai trò"), choices=Membership.Role.choices)


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Tên mã (để nhận ra, ví dụ: đồng bộ DHIS2)"), max_length=100)
    expires_on = forms.DateField(label=_("Hết hạn sau ngày"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                 help_text=_("Bỏ trống: mã không hết hạn (nên đặt hạn)."))
