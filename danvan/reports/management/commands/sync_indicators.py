from django.core.management.base import BaseCommand

from danvan.reports.indicators import sync_indicators


class Command(BaseCommand):
    help = "Đồng bộ danh mục chỉ tiêu (chỉ tiêu sẵn có và chỉ tiêu các ứng dụng đăng ký)."

    def handle(self, *args, **options):
        created, updated = sync_indicators()
        self.stdout.write(f"Chỉ tiêu: {created} mới, {updated} cập nhật.")
