from django.core.management.base import BaseCommand

from danvan.prestige.services import rebuild_facts


class Command(BaseCommand):
    help = ("Tính lại số liệu người có uy tín cho công cụ báo cáo (sau khi nạp dữ liệu hàng loạt hoặc đổi "
            "REPORTING_YEAR_START).")

    def handle(self, *args, **options):
        count = rebuild_facts()
        self.stdout.write(f"Đã tính lại số liệu của {count} người có uy tín.")
