"""python manage.py send_reminders [--date YYYY-MM-DD] [--dry-run]"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from danvan.reminders import services
from danvan.reminders.models import Delivery


class Command(BaseCommand):
    help = ("Tính nhắc việc của một ngày và gửi thư: người chọn gửi ngay, thư tổng hợp hằng ngày, và thư tổng hợp "
            "hằng tuần nếu là thứ Hai. Chạy lại không gửi trùng.")

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Ngày tính nhắc việc (YYYY-MM-DD); mặc định: hôm nay (giờ Hà Nội)")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ liệt kê, không ghi và không gửi gì")

    def handle(self, *args, date=None, dry_run=False, **options):
        day = None
        if date:
            try:
                day = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError(f"Ngày “{date}” không hợp lệ: dùng YYYY-MM-DD, ví dụ 2026-12-01.") from None
        result = services.run_all(day=day, dry_run=dry_run)
        computed = result.computed
        write = self.stdout.write
        if dry_run:
            write(f"Ngày {computed.day:%d/%m/%Y} (chạy thử, không ghi, không gửi): "
                  f"{len(computed.planned)} nhắc việc mới.")
            for planned in computed.planned:
                columns = [planned.user.username, planned.item.kind, planned.occasion_key,
                           "báo cấp trên" if planned.escalated else "", planned.item.title]
                write("  " + "\t".join(columns))
        else:
            write(f"Ngày {computed.day:%d/%m/%Y}: {computed.created} nhắc việc mới.")
        labels = dict(Delivery.choices)
        for sent in result.sent:
            if dry_run:
                write(f"{labels[sent.channel]}: {sent.reminders} nhắc việc chờ gửi cho {sent.users} người "
                      "(chưa tính nhắc việc mới ở trên).")
                continue
            line = (f"{labels[sent.channel]}: {sent.messages} thư, {sent.reminders} nhắc việc đã gửi; "
                    f"{sent.failed} lỗi (gửi lại lần sau), {sent.obsolete} việc đã xong, "
                    f"{sent.duplicates} trùng trong ngày, {sent.skipped} không gửi thư.")
            write(line)
            if sent.error:
                self.stderr.write(f"Máy chủ thư lỗi: {sent.error}")
