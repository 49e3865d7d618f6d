from django.core.management.base import BaseCommand

from danvan.core.demo import DEMO_ACCOUNTS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Print the demo accounts created by load_demo."

    def handle(self, *args, **options):
        self.stdout.write("\n=== danvan đang chạy tại http://127.0.0.1:8000 ===")
        self.stdout.write(f"Tài khoản thử nghiệm (mật khẩu chung: {DEMO_PASSWORD}):")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.username:<18} {account.description}")
        self.stdout.write("")
