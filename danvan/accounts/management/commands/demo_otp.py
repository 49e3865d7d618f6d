"""Print the current second-factor code of a demo account (what its authenticator app would show).

Only for the demo accounts of `load_demo` that still have the demo password: it never reveals the code of a
real account.
"""

from django.core.management.base import BaseCommand, CommandError

from danvan.accounts.models import User
from danvan.accounts.otp import confirmed_totp, current_code
from danvan.core.demo import DEMO_ACCOUNTS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "In mã xác thực hai bước hiện tại của một tài khoản thử nghiệm (demo)."

    def add_arguments(self, parser):
        parser.add_argument("username", help="tên đăng nhập thử nghiệm, ví dụ admin hoặc cantho.lanhdao")

    def handle(self, *args, username, **options):
        demo = {account.username for account in DEMO_ACCOUNTS}
        user = User.objects.filter(username=username).first()
        if username not in demo or user is None or not user.check_password(DEMO_PASSWORD):
            raise CommandError(f"“{username}” không phải tài khoản thử nghiệm (còn mật khẩu thử nghiệm). "
                               f"Tài khoản thử nghiệm: {', '.join(sorted(demo))}.")
        device = confirmed_totp(user)
        if device is None:
            raise CommandError(f"“{username}” chưa đăng ký xác thực hai bước (vai trò không cần, hoặc chưa chạy "
                               "load_demo).")
        code, seconds = current_code(device)
        self.stdout.write(code)
        self.stderr.write(f"Mã của {username}, còn hiệu lực khoảng {seconds} giây.")
