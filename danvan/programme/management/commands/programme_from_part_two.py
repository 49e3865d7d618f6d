from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from danvan.accounts.models import User
from danvan.orgunits.models import OrgUnit
from danvan.programme import services


class Command(BaseCommand):
    help = ("Lập (hoặc bổ sung) dự thảo chương trình công tác năm YEAR của đơn vị từ Phần thứ hai báo cáo tổng kết "
            "năm YEAR-1: mỗi mục, dòng, gạch đầu dòng thành một nhiệm vụ trọng tâm.")

    def add_arguments(self, parser):
        parser.add_argument("unit", help="mã đơn vị, ví dụ VN-92")
        parser.add_argument("year", type=int)
        parser.add_argument("--user", required=True, help="Tên đăng nhập của người lập")

    def handle(self, *args, **options):
        unit = OrgUnit.objects.filter(key=options["unit"].strip().upper()).first()
        if unit is None:
            raise CommandError(f"Không có đơn vị với mã “{options['unit']}”.")
        actor = User.objects.filter(username=options["user"], is_active=True).first()
        if actor is None:
            raise CommandError(f"Không có người dùng “{options['user']}”.")
        try:
            programme = services.get_or_create_programme(actor=actor, unit=unit, year=options["year"])
            created = services.draft_from_part_two(actor=actor, programme=programme)
        except (ValidationError, PermissionDenied) as error:
            raise CommandError("; ".join(getattr(error, "messages", [str(error)]))) from None
        self.stdout.write(f"Đã tạo {len(created)} nhiệm vụ trọng tâm trong “{programme}” (dự thảo).")
