from django.core.management.base import BaseCommand, CommandError

from danvan.core.exports import write_xlsx
from danvan.orgunits.models import OrgUnit
from danvan.programme import importers, selectors
from danvan.programme.models import Programme


class Command(BaseCommand):
    help = "Xuất chương trình công tác năm của một đơn vị ra XLSX (nhập lại được bằng import_programme)."

    def add_arguments(self, parser):
        parser.add_argument("unit", help="mã đơn vị, ví dụ VN-92")
        parser.add_argument("year", type=int)
        parser.add_argument("--output", help="tệp XLSX (mặc định chuong-trinh-<ĐƠN VỊ>-<NĂM>.xlsx)")

    def handle(self, *args, **options):
        unit = OrgUnit.objects.filter(key=options["unit"].strip().upper()).first()
        if unit is None:
            raise CommandError(f"Không có đơn vị với mã “{options['unit']}”.")
        programme = Programme.objects.filter(unit=unit, year=options["year"]).first()
        if programme is None:
            raise CommandError(f"“{unit.name}” chưa có chương trình công tác năm {options['year']}.")
        path = options.get("output") or f"chuong-trinh-{unit.key}-{programme.year}.xlsx"
        items = selectors.items_of(programme).select_related("programme", "programme__unit")
        write_xlsx(path, [("Chương trình công tác", importers.EXPORT_HEADER, importers.export_rows(items))])
        self.stdout.write(f"Đã xuất {items.count()} nhiệm vụ, đề án vào {path}.")
