"""python manage.py send_reminders [--date YYYY-MM-DD] [--dry-run]"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from danvan.core.formatting import format_date_short
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
                raise CommandError(_("Ngày “%(value)s” không hợp lệ: dùng YYYY-MM-DD, ví dụ 2026-12-01.") % {
                    "value": date}) from None
        result = services.run_all(day=day, dry_run=dry_run)
        computed = result.computed
        write = self.stdout.write
        when = format_date_short(computed.day)
        if dry_run:
            write(_("Ngày %(day)s (chạy thử, không ghi, không gửi): %(n)s nhắc việc mới.") % {
                "day": when, "n": len(computed.planned)})
            for planned in computed.planned:
                columns = [planned.user.username, planned.item.kind, planned.occasion_key,
                           _("báo cấp trên") if planned.escalated else "", planned.item.title]
                write("  " + "\t".join(columns))
        else:
            write(_("Ngày %(day)s: %(n)s nhắc việc mới.") % {"day": when, "n": computed.created})
        labels = dict(Delivery.choices)
        for sent in result.sent:
            if dry_run:
                write(_("%(channel)s: %(n)s nhắc việc chờ gửi cho %(users)s người (chưa tính nhắc việc mới ở trên).")
                      % {"channel": labels[sent.channel], "n": sent.reminders, "users": sent.users})
                continue
            write(_("%(channel)s: %(messages)s thư, %(sent)s nhắc việc đã gửi; %(failed)s lỗi (gửi lại lần sau), "
                    "%(obsolete)s việc đã xong, %(duplicates)s trùng trong ngày, %(skipped)s không gửi thư.") % {
                "channel": labels[sent.channel], "messages": sent.messages, "sent": sent.reminders,
                "failed": sent.failed, "obsolete": sent.obsolete, "duplicates": sent.duplicates,
                "skipped": sent.skipped})
            if sent.error:
                self.stderr.write(_("Máy chủ thư lỗi: %(error)s") % {"error": sent.error})
