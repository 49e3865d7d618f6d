from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from .models import Membership


def _rate_key(request, username: str) -> str:
    ip = (request.META.get("REMOTE_ADDR") or "") if request else ""
    return f"login-fail:{ip}:{(username or '').lower()}"


class RateLimitedAuthenticationForm(AuthenticationForm):
    """Refuses further attempts for a while after LOGIN_RATE_LIMIT failures (per address and username)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng."),
        "inactive": _("Tài khoản này đã bị khóa."),
        "rate_limited": _("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %(minutes)s phút."),
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        key = _rate_key(self.request, username)
        failures = cache.get(key, 0)
        if failures >= settings.LOGIN_RATE_LIMIT:
            raise forms.ValidationError(
                self.error_messages["rate_limited"], code="rate_limited",
                params={"minutes": max(1, settings.LOGIN_RATE_WINDOW // 60)},
            )
        try:
            return super().clean()
        except forms.ValidationError:
            cache.set(key, failures + 1, settings.LOGIN_RATE_WINDOW)
            raise


class UserCreateForm(forms.Form):
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    position = forms.CharField(label=_("Chức vụ"), max_length=150, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    password = forms.CharField(label=_("Mật khẩu ban đầu"), widget=forms.PasswordInput)
    unit_key = forms.CharField(label=_("Mã đơn vị"), max_length=64)
    role = forms.ChoiceField(label=_("Vai trò"), choices=Membership.Role.choices)


class MembershipForm(forms.Form):
    unit_key = forms.CharField(label=_("Mã đơn vị"), max_length=64)
    role = forms.ChoiceField(label=_("Vai trò"), choices=Membership.Role.choices)


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Tên mã (để nhận ra, ví dụ: đồng bộ DHIS2)"), max_length=100)
    expires_on = forms.DateField(label=_("Hết hạn sau ngày"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                 help_text=_("Bỏ trống: mã không hết hạn (nên đặt hạn)."))
