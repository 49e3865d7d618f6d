"""python manage.py backup [--output FILE]: a consistent archive of the database and the uploaded files."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from danvan.core.backup import BackupError, create_backup, default_backup_path
from danvan.core.formatting import format_number


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và tệp đính kèm vào một tệp .tar.gz có bản kê số dòng và mã kiểm tra."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="Đường dẫn tệp sao lưu (mặc định var/backups/…).")

    def handle(self, *args, **options):
        output = options["output"] or default_backup_path()
        try:
            manifest = create_backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"Đã sao lưu {format_number(len(manifest['tables']))} bảng, {format_number(rows)} dòng, "
            f"{format_number(len(manifest['files']))} tệp đính kèm vào {output}"
        )
