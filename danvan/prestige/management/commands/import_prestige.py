from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from danvan.accounts.models import User
from danvan.core.imports import ImportFailed
from danvan.prestige import importers


class Command(BaseCommand):
    help = ("Nhập danh sách người có uy tín (hoặc hỗ trợ, với --support) từ tệp XLSX/CSV: tất cả hoặc không; "
            "quyền của người dùng --user.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--user", required=True, help="tên đăng nhập người nhập (quyền theo tài khoản này)")
        parser.add_argument("--support", action="store_true", help="tệp các khoản hỗ trợ (cột person_ref…)")

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"Không có tài khoản “{options['user']}”.")
        data = Path(options["file"]).read_bytes()
        run = importers.import_support if options["support"] else importers.import_people
        try:
            result = run(actor=user, data=data)
        except ImportFailed as failure:
            for error in failure.errors:
                self.stderr.write(str(error))
            raise CommandError(f"Tệp có {len(failure.errors)} lỗi; chưa ghi dòng nào.") from None
        self.stdout.write(f"Đã nhập: {result.created} mới, {result.updated} cập nhật, {result.unchanged} không đổi.")
