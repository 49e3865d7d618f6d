from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from danvan.accounts.models import User
from danvan.core.imports import ImportFailed
from danvan.programme.importers import import_items


class Command(BaseCommand):
    help = ("Nhập nhiệm vụ trọng tâm, đề án của chương trình công tác năm từ XLSX/CSV (cột don_vi, nam, loai, ten; "
            "tùy chọn chu_de, so_thu_tu, ma_tham_chieu, noi_dung, co_quan_giao, don_vi_chu_tri, don_vi_phoi_hop, "
            "thoi_han, san_pham). Nhập tất cả hoặc không nhập gì.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--user", required=True,
                            help="Tên đăng nhập: quyền của người này quyết định đơn vị nhập được")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        actor = User.objects.filter(username=options["user"], is_active=True).first()
        if actor is None:
            raise CommandError(f"Không có người dùng “{options['user']}”.")
        try:
            result = import_items(actor=actor, data=path.read_bytes())
        except ImportFailed as failed:
            for error in failed.errors:
                self.stderr.write(str(error))
            raise CommandError(f"Tệp có {len(failed.errors)} lỗi; không có dữ liệu nào được nhập.") from None
        self.stdout.write(f"Chương trình công tác: {result.created} mới, {result.updated} cập nhật, "
                          f"{result.unchanged} không đổi.")
