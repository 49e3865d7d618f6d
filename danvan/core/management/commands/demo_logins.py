from django.core.management.base import BaseCommand

from danvan.core.demo import DEMO_ACCOUNTS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Print the demo accounts created by load_demo."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000")

    def handle(self, *args, url, **options):
        self.stdout.write(f"\n=== danvan đang chạy tại {url} ===")
        self.stdout.write(f"Tài khoản thử nghiệm (mật khẩu chung: {DEMO_PASSWORD}):")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.username:<18} {account.description}")
        self.stdout.write("")
