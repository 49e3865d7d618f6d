"""Second factor (issue 13): TOTP codes from an authenticator app, and one-time recovery codes (django-otp).

Who needs it is the gatekeeper's rule (`permissions.needs_second_factor`: approvers, unit administrators,
portal editors, superusers). With `OTP_REQUIRED` on, `SecondFactorMiddleware` sends such a user, signed in
with a password only, to the code page (or to enrolment when they have no device yet) before any other page —
the application, the Django admin (/quan-tri/), the Wagtail editor (/bien-tap/) and the API token page alike —
and answers session requests to /api/ with 403. Requests that carry an `Authorization` header (personal API
tokens, for scripts) are not touched: a token is created only from a verified session.

Services here write and audit; views live in `otp_views`.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from danvan.core.audit import audit

from .permissions import MANAGE_ACCOUNTS, can, ensure_not_self, needs_second_factor

RECOVERY_CODE_COUNT = 10
DEVICE_NAME = "Ứng dụng xác thực"
RECOVERY_NAME = "Mã khôi phục"


# --- reads -------------------------------------------------------------------------------------------------

def confirmed_totp(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()


def is_enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def is_verified(request) -> bool:
    """The session passed the second factor (django-otp's middleware or `otp_login` set the device)."""
    return getattr(request.user, "otp_device", None) is not None


def status_text(user) -> str:
    if not is_enrolled(user):
        return _("Chưa đăng ký ứng dụng xác thực.")
    left = recovery_codes_left(user)
    if not left:
        return _("Đã đăng ký ứng dụng xác thực; chưa có mã khôi phục (hãy tạo để dùng khi mất điện thoại).")
    return _("Đã đăng ký ứng dụng xác thực; còn %(n)s mã khôi phục.") % {"n": left}


def qr_svg_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URL as an SVG QR code in a data: URI (rendered here, nothing is fetched)."""
    import segno

    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def secret_text(device: TOTPDevice) -> str:
    """The secret as people type it into an app: base32, in groups of four."""
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def current_code(device: TOTPDevice) -> tuple[str, int]:
    """The code the device shows now and the seconds it stays valid (demo and tests only)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    now = time.time()
    totp.time = now
    code = str(totp.token()).zfill(device.digits)
    return code, int(device.step - ((now - device.t0) % device.step))


# --- enrolment ---------------------------------------------------------------------------------------------

def enrolment_device(user) -> TOTPDevice:
    """The unconfirmed device being enrolled (one per user; a new key each time enrolment starts over)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = []
    while len(codes) < RECOVERY_CODE_COUNT:
        code = StaticToken.random_token()
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def enrol_confirm(request, device: TOTPDevice, token: str) -> list[str]:
    """Confirm the app with a first code: the device replaces any earlier one, new recovery codes are made and the
    session counts as verified. Returns the recovery codes (shown once)."""
    user = request.user
    if device.user_id != user.pk or device.confirmed:
        raise PermissionDenied
    if not device.verify_token((token or "").strip().replace(" ", "")):
        raise ValidationError({"token": _("Mã không đúng. Hãy nhập mã 6 chữ số đang hiện trong ứng dụng.")})
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    otp_login(request, device)
    audit(actor=user, action="accounts.otp.enrolled", target=user, unit=_first_unit(user))
    return codes


@transaction.atomic
def recovery_codes_regenerate(request) -> list[str]:
    """New recovery codes from a verified session; the old ones stop working."""
    if not is_verified(request):
        raise PermissionDenied(_("Hãy nhập mã xác thực trước."))
    codes = _new_recovery_codes(request.user)
    audit(actor=request.user, action="accounts.otp.recovery_codes", target=request.user,
          unit=_first_unit(request.user))
    return codes


# --- verification ------------------------------------------------------------------------------------------

def verify(request, token: str):
    """Check a TOTP code or a recovery code (used up) and mark the session verified. Returns the device or None.

    django-otp throttles each device after failures (a growing wait), so guessing is slow.
    """
    token = (token or "").strip().replace(" ", "").lower()
    if not token:
        return None
    with transaction.atomic():
        for device in devices_for_user(request.user, confirmed=True, for_verify=True):
            allowed, _info = device.verify_is_allowed()
            if allowed and device.verify_token(token):
                otp_login(request, device)
                return device
    return None


def throttled(user) -> bool:
    return any(not d.verify_is_allowed()[0] for d in devices_for_user(user, confirmed=True))


# --- reset (lost phone) ------------------------------------------------------------------------------------

def can_reset(actor, user) -> bool:
    """A unit administrator of every unit of the user (or a superuser) resets someone else's second factor."""
    if not getattr(actor, "is_authenticated", False) or actor.pk == user.pk:
        return False
    if actor.is_superuser:
        return True
    units = [m.unit for m in user.memberships.select_related("unit")]
    return bool(units) and all(can(actor, MANAGE_ACCOUNTS, unit) for unit in units)


@transaction.atomic
def reset(*, actor, user) -> None:
    """Remove the user's app and recovery codes: they enrol again at their next sign-in. Their signed-in sessions
    lose the verification (the device no longer exists)."""
    ensure_not_self(actor, user, _("Hãy nhờ quản trị đơn vị đặt lại xác thực hai bước của bạn."))
    if not can_reset(actor, user):
        raise PermissionDenied(_("Chỉ quản trị của mọi đơn vị của người dùng này mới được đặt lại xác thực hai "
                                 "bước."))
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()
    audit(actor=actor, action="accounts.otp.reset", target=user, unit=_first_unit(user))


def _first_unit(user):
    membership = user.memberships.select_related("unit").order_by("unit__depth", "unit__path").first()
    return membership.unit if membership else None


# --- enforcement -------------------------------------------------------------------------------------------

# Pages an unverified user may still open: the code pages themselves, signing out, the language switch.
EXEMPT_VIEWS = frozenset({"accounts:otp_verify", "accounts:otp_enrol", "accounts:logout", "accounts:login",
                          "set_language"})


class SecondFactorMiddleware:
    """With OTP_REQUIRED, a user who needs a second factor reaches nothing but the code pages until the session is
    verified. Placed after django-otp's OTPMiddleware (which marks verified sessions)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(settings, "OTP_REQUIRED", False):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in EXEMPT_VIEWS:
            return None
        api = request.path.startswith("/api/")
        if api and request.META.get("HTTP_AUTHORIZATION", "").split(" ")[0].lower() == "bearer":
            # A personal API token: DRF authenticates it or answers 401, never falling back to the session.
            # (Any other scheme would fall back to the session cookie, so it is held back like the session.)
            return None
        if not needs_second_factor(user) or is_verified(request):
            return None
        if api:
            return _api_refusal()
        from urllib.parse import urlencode

        from django.shortcuts import redirect
        from django.urls import reverse

        name = "accounts:otp_verify" if is_enrolled(user) else "accounts:otp_enrol"
        target = request.get_full_path() if request.method == "GET" else ""
        return redirect(reverse(name) + (f"?{urlencode({'next': target})}" if target else ""))


def _api_refusal():
    from django.http import JsonResponse
    from django.utils.translation import gettext_lazy

    from danvan.core.api_errors import error

    message = gettext_lazy("Tài khoản này cần xác thực hai bước: hãy nhập mã trên trang web, hoặc dùng mã truy cập "
                           "API.")
    return JsonResponse({"errors": [error("second_factor_required", message, status_code=403)]}, status=403)
