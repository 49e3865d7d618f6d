from django.core.management.base import BaseCommand, CommandError

from danvan.orgunits.models import OrgUnit


class Command(BaseCommand):
    help = ("Xây sẵn số liệu biểu đồ của bảng điều khiển (toàn quốc và các tỉnh, hoặc các đơn vị chỉ định) "
            "vào bộ nhớ đệm.")

    def add_arguments(self, parser):
        parser.add_argument("units", nargs="*", help="Mã đơn vị (mặc định: VN và các tỉnh, thành phố hiện nay)")
        parser.add_argument("--query", default="", help="Bộ lọc, ví dụ ky=2025&dia_gioi=hien-nay")

    def handle(self, *args, **options):
        from danvan.dashboards.warm import warm

        units = None
        if options["units"]:
            units = list(OrgUnit.objects.filter(key__in=options["units"]))
            missing = set(options["units"]) - {u.key for u in units}
            if missing:
                raise CommandError(f"Không có đơn vị: {', '.join(sorted(missing))}")
        built = warm(units, options["query"])
        self.stdout.write(f"Đã xây sẵn {built} bảng điều khiển.")
