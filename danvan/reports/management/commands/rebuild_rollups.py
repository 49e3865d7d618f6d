from django.core.management.base import BaseCommand

from danvan.reports.rollups import rebuild


class Command(BaseCommand):
    help = "Tính lại toàn bộ bảng tổng hợp sẵn (sau khi nạp dữ liệu hàng loạt hoặc đổi REPORTING_YEAR_START)."

    def handle(self, *args, **options):
        stats = rebuild(stdout=self.stdout)
        self.stdout.write(
            f"Đã tính lại: năm {', '.join(str(y) for y in stats['years']) or '—'}; {stats['own_rows']} giá trị "
            f"đơn vị, {stats['rollup_rows']} giá trị cộng dồn ({stats['seconds']} giây).")
