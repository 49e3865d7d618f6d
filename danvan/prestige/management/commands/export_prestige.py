from django.core.management.base import BaseCommand, CommandError

from danvan.accounts.models import User
from danvan.accounts.permissions import may_see_prestige_names, object_or_404_scoped
from danvan.core.exports import write_xlsx
from danvan.orgunits.models import OrgUnit
from danvan.prestige import importers, selectors


class Command(BaseCommand):
    help = ("Xuất danh sách người có uy tín ra tệp XLSX (nhập lại được), theo quyền của tài khoản --user: chỉ cấp "
            "tỉnh, cấp xã; số điện thoại chỉ có khi tài khoản được xem.")

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="tên đăng nhập (quyền theo tài khoản này)")
        parser.add_argument("--unit", default="", help="mã đơn vị (ví dụ VN-92); để trống: mọi đơn vị được xem")
        parser.add_argument("--all", action="store_true", help="cả người đã thôi (mặc định: đang trong danh sách)")
        parser.add_argument("--output", required=True, help="đường dẫn tệp .xlsx")

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"Không có tài khoản “{options['user']}”.")
        if not may_see_prestige_names(user):
            raise CommandError("Danh sách người có uy tín chỉ dành cho cấp tỉnh và cấp xã.")
        subtree = None
        if options["unit"]:
            try:
                subtree = object_or_404_scoped(OrgUnit.objects.all(), user, key=options["unit"].upper())
            except Exception as error:  # noqa: BLE001 - Http404 outside the user's scope
                raise CommandError(f"Không có đơn vị “{options['unit']}” trong phạm vi của tài khoản.") from error
        qs = selectors.filter_people(selectors.named(user), subtree=subtree,
                                     status="" if options["all"] else "in_list")
        qs = selectors.with_related(qs).order_by("unit__path", "full_name", "id")
        write_xlsx(options["output"], [("Người có uy tín", importers.EXPORT_HEADER, importers.export_rows(user, qs))])
        self.stdout.write(f"Đã xuất {qs.count()} người vào {options['output']}.")
