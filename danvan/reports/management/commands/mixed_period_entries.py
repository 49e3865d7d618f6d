"""List the units whose entered values overlap across period types (see reports/overlaps.py)."""

from django.core.management.base import BaseCommand, CommandError

from danvan.orgunits.models import OrgUnit
from danvan.reports.overlaps import mixed_entries


class Command(BaseCommand):
    help = "Liệt kê đơn vị có số liệu nhập chồng kỳ khác loại (năm và quý…) cho cùng chỉ tiêu, cùng năm."

    def add_arguments(self, parser):
        parser.add_argument("--unit", default="", help="mã đơn vị: chỉ đơn vị này và cấp dưới")
        parser.add_argument("--year", type=int, default=None)

    def handle(self, *args, unit="", year=None, **options):
        path = ""
        if unit:
            found = OrgUnit.objects.filter(key=unit).first()
            if found is None:
                raise CommandError(f"Không có đơn vị mã “{unit}”.")
            path = found.path
        entries = mixed_entries(unit_path=path, year=year)
        if not entries:
            self.stdout.write("Không có đơn vị nào nhập chồng kỳ khác loại.")
            return
        self.stdout.write("unit\tname\tindicator\tyear\tcounted\tignored")
        for entry in entries:
            self.stdout.write("\t".join([
                entry.unit_key, entry.unit_name, entry.indicator, str(entry.year),
                ", ".join(p.code for p in entry.counted), ", ".join(p.code for p in entry.ignored)]))
        self.stdout.write(f"{len(entries)} trường hợp; số liệu được tính: kỳ dài hơn (cột counted).")
