from django.conf import settings
from django.core.management.base import BaseCommand

from danvan.core.demo import DEMO_ACCOUNTS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Print the demo accounts created by load_demo."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000")

    def handle(self, *args, url, **options):
        from danvan.accounts.models import User
        from danvan.accounts.permissions import needs_second_factor

        with_code = {u.username for u in User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS])
                     if needs_second_factor(u)}
        self.stdout.write(f"\n=== danvan đang chạy tại {url} ===")
        self.stdout.write(f"Tài khoản thử nghiệm (mật khẩu chung: {DEMO_PASSWORD}):")
        for account in DEMO_ACCOUNTS:
            mark = " *" if settings.OTP_REQUIRED and account.username in with_code else ""
            self.stdout.write(f"  {account.username:<18} {account.description}{mark}")
        if settings.OTP_REQUIRED and with_code:
            self.stdout.write(
                "* Xác thực hai bước: sau mật khẩu, trang web hỏi mã 6 chữ số. "
                "Lấy mã hiện tại ở cửa sổ dòng lệnh khác:\n"
                "    .venv/bin/python manage.py demo_otp admin      (thay admin bằng tên đăng nhập)\n"
                "  Tắt khi chỉ thử nghiệm: OTP_REQUIRED=0 make run")
        self.stdout.write("")
