from django.core.management.base import BaseCommand

from danvan.reports.rollups import rebuild
from danvan.reports.upkeep import pending_rules


class Command(BaseCommand):
    help = ("Tính lại toàn bộ bảng tổng hợp sẵn (sau khi nạp dữ liệu hàng loạt hoặc đổi REPORTING_YEAR_START); "
            "trước đó tính lại dữ liệu chỉ tiêu (facts) của các nguồn có quy tắc đếm mới. `migrate` tự làm việc "
            "này khi cần.")

    def handle(self, *args, **options):
        from danvan.reports.upkeep import bring_up_to_date

        stats = bring_up_to_date(stdout=self.stdout)["rebuilt"] if pending_rules() else None
        stats = stats or rebuild(stdout=self.stdout)
        self.stdout.write(
            f"Đã tính lại: năm {', '.join(str(y) for y in stats['years']) or '—'}; {stats['own_rows']} giá trị "
            f"đơn vị, {stats['rollup_rows']} giá trị cộng dồn ({stats['seconds']} giây).")
