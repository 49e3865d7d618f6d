"""Demo data of the accounts app: the demo users who need a second factor get an authenticator device
(a random key per installation), so `make run` works with OTP_REQUIRED on: `manage.py demo_otp USERNAME` prints
the code their app would show. Idempotent."""

from __future__ import annotations


def load_demo_data() -> str:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from danvan.core.demo import DEMO_ACCOUNTS

    from .models import User
    from .otp import DEVICE_NAME
    from .permissions import needs_second_factor

    created = 0
    for user in User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS]):
        if needs_second_factor(user) and not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
            created += 1
    return f"Xác thực hai bước cho tài khoản thử nghiệm: {created} mới." if created else ""
