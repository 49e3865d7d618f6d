from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from danvan.accounts.models import User
from danvan.core.imports import ImportFailed
from danvan.reports.importers import import_datavalues


class Command(BaseCommand):
    help = "Nhập số liệu tổng hợp từ CSV/XLSX (cột unit,period,indicator,value; tùy chọn category,sector)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--user", help="Tên đăng nhập xác định phạm vi (mặc định: hệ thống, không giới hạn)")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        actor = None
        if options.get("user"):
            actor = User.objects.filter(username=options["user"], is_active=True).first()
            if actor is None:
                raise CommandError(f"Không có người dùng “{options['user']}”.")
        try:
            result = import_datavalues(actor=actor, data=path.read_bytes(), file_name=path.name)
        except ImportFailed as failed:
            for error in failed.errors:
                self.stderr.write(str(error))
            raise CommandError(f"Tệp có {len(failed.errors)} lỗi; không có số liệu nào được nhập.") from None
        for warning in result.details:
            self.stdout.write(f"Cảnh báo: {warning}")
        self.stdout.write(f"Số liệu: {result.created} mới, {result.updated} cập nhật, {result.unchanged} không đổi.")
