"""python manage.py restore ARCHIVE: restore a backup into an empty database and check it against its manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from danvan.core.backup import BackupError, restore_backup
from danvan.core.formatting import format_number


class Command(BaseCommand):
    help = "Khôi phục một tệp sao lưu vào cơ sở dữ liệu trống và đối chiếu số dòng, mã kiểm tra với bản kê."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)

    def handle(self, *args, **options):
        try:
            report = restore_backup(options["archive"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Đã khôi phục {format_number(report.tables)} bảng, {format_number(report.rows)} dòng, "
            f"{format_number(report.files)} tệp đính kèm; số dòng và mã kiểm tra khớp bản kê."
        )
