"""Pages of the second factor: enrol an authenticator app, enter a code, recovery codes, reset (issue 13)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from danvan.core.forms import add_service_errors

from . import otp
from .permissions import needs_second_factor, readers_may_post


class TokenForm(forms.Form):
    token = forms.CharField(label=gettext_lazy("Mã xác thực"), max_length=32,
                            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text",
                                                          "autofocus": True, "spellcheck": "false"}),
                            help_text=gettext_lazy("6 chữ số trong ứng dụng xác thực, hoặc một mã khôi phục."))


class EnrolForm(TokenForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["token"].help_text = gettext_lazy("6 chữ số ứng dụng xác thực đang hiện cho tài khoản vừa thêm.")


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("home")


@readers_may_post
def verify(request):
    """Enter the code of the authenticator app (or a recovery code) after the password."""
    if not otp.is_enrolled(request.user):
        return redirect(f"{reverse('accounts:otp_enrol')}?next={_next(request)}")
    if otp.is_verified(request):
        return redirect(_next(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp.throttled(request.user):
            # django-otp makes each wrong code double the wait before the next try
            form.add_error("token", _("Nhập sai nhiều lần; hãy đợi một lát rồi thử lại."))
            return render(request, "accounts/otp_verify.html", {"form": form, "next": _next(request)})
        device = otp.verify(request, form.cleaned_data["token"])
        if device is not None:
            if device.__class__.__name__ == "StaticDevice":
                left = otp.recovery_codes_left(request.user)
                messages.warning(request, _("Bạn vừa dùng một mã khôi phục; còn %(n)s mã. Hãy tạo mã mới ở trang hồ "
                                            "sơ nếu sắp hết.") % {"n": left})
            return redirect(_next(request))
        form.add_error("token", _("Mã không đúng hoặc đã dùng. Hãy nhập mã đang hiện trong ứng dụng."))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next(request)})


@readers_may_post
def enrol(request):
    """Register an authenticator app: QR code and the secret as text, then a first code to confirm."""
    enrolled = otp.is_enrolled(request.user)
    if enrolled and not otp.is_verified(request):
        # With only a password nobody replaces an enrolled app: that needs the code first.
        return redirect(f"{reverse('accounts:otp_verify')}?next={reverse('accounts:otp_enrol')}")
    device = otp.enrolment_device(request.user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = otp.enrol_confirm(request, device, form.cleaned_data["token"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(request, "accounts/otp_codes.html", {"codes": codes, "next": _next(request),
                                                               "enrolled": True})
    return render(request, "accounts/otp_enrol.html", {
        "form": form, "next": _next(request), "qr": otp.qr_svg_data_uri(device), "secret": otp.secret_text(device),
        "replacing": enrolled, "required": needs_second_factor(request.user)})


@require_POST
@readers_may_post
def recovery_codes(request):
    """New recovery codes (the old ones stop working), shown once."""
    try:
        codes = otp.recovery_codes_regenerate(request)
    except PermissionDenied:
        return redirect(f"{reverse('accounts:otp_verify')}?next={reverse('accounts:profile')}")
    return render(request, "accounts/otp_codes.html", {"codes": codes, "next": reverse("accounts:profile")})


@require_POST
def reset_user(request, pk):
    """A unit administrator resets someone else's second factor (a lost phone); audited."""
    from .views import _visible_user

    subject = _visible_user(request, pk)  # accounts outside the caller's units look like they do not exist
    if not otp.can_reset(request.user, subject):
        raise PermissionDenied(_("Chỉ quản trị của mọi đơn vị của người dùng này mới được đặt lại xác thực hai "
                                 "bước."))
    otp.reset(actor=request.user, user=subject)
    messages.success(request, _("Đã đặt lại xác thực hai bước của %(u)s; người dùng sẽ đăng ký lại ở lần đăng nhập "
                                "sau.") % {"u": subject.username})
    return redirect("accounts:user_detail", pk=subject.pk)
