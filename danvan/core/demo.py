"""The demo data set: accounts for every role, then each app's own demo records.

An app contributes demo data by providing `<app>/demo.py` with `load_demo_data(context)`; it must
be idempotent (a second `make run` duplicates nothing).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction

DEMO_PASSWORD = "danvan-demo-2026"
DEMO_PROVINCE = "VN-92"  # Thành phố Cần Thơ: absorbed Hậu Giang and Sóc Trăng in 2025
DEMO_COMMUNE_NAME = "Phường Ninh Kiều"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    unit: str  # unit key, or "commune" for the demo commune
    role: str
    description: str
    superuser: bool = False


DEMO_ACCOUNTS = [
    DemoAccount("admin", "Quản trị hệ thống", "VN", "unit_admin",
                "quản trị trung ương (toàn quyền hệ thống)", superuser=True),
    DemoAccount("tw.canbo", "Nguyễn Văn Trung", "VN", "officer", "cán bộ trung ương (nhập liệu cấp Trung ương)"),
    DemoAccount("tw.xem", "Trần Thị Xem", "VN", "viewer", "chỉ xem, toàn quốc"),
    DemoAccount("cantho.lanhdao", "Lê Văn Duyệt", DEMO_PROVINCE, "approver", "lãnh đạo duyệt, TP Cần Thơ"),
    DemoAccount("cantho.canbo", "Phạm Thị Nhập", DEMO_PROVINCE, "officer", "cán bộ nhập liệu, TP Cần Thơ"),
    DemoAccount("cantho.quantri", "Võ Văn Quản", DEMO_PROVINCE, "unit_admin", "quản trị tài khoản, TP Cần Thơ"),
    DemoAccount("ninhkieu.canbo", "Huỳnh Thị Xã", "commune", "officer", "cán bộ nhập liệu, Phường Ninh Kiều"),
    DemoAccount("hanoi.canbo", "Đỗ Văn Hà", "VN-01", "officer", "cán bộ nhập liệu, TP Hà Nội"),
    # The public portal (issue 17): editors write news of their unit's section; approvers review and publish.
    DemoAccount("tw.bientap", "Bùi Thị Tin", "VN", "editor", "biên tập viên cổng thông tin, Trung ương"),
    DemoAccount("tw.lanhdao", "Đặng Văn Duyệt", "VN", "approver", "lãnh đạo duyệt (cả tin cổng thông tin), Trung ương"),
    DemoAccount("cantho.bientap", "Lý Thị Viết", DEMO_PROVINCE, "editor", "biên tập viên cổng thông tin, TP Cần Thơ"),
]


def demo_commune():
    from danvan.orgunits.models import OrgUnit

    return OrgUnit.objects.get(parent__key=DEMO_PROVINCE, name=DEMO_COMMUNE_NAME, valid_to__isnull=True)


@transaction.atomic
def load_accounts() -> int:
    from danvan.accounts.models import Membership, User
    from danvan.orgunits.models import OrgUnit

    created = 0
    for account in DEMO_ACCOUNTS:
        user, was_created = User.objects.get_or_create(
            username=account.username, defaults={"full_name": account.full_name})
        if was_created:
            user.set_password(DEMO_PASSWORD)
            user.is_superuser = user.is_staff = account.superuser
            user.save()
            created += 1
        unit = demo_commune() if account.unit == "commune" else OrgUnit.objects.get(key=account.unit)
        Membership.objects.get_or_create(user=user, unit=unit, role=account.role)
    return created


def load_all(stdout=None) -> None:
    created = load_accounts()
    if stdout:
        stdout.write(f"Tài khoản thử nghiệm: {created} mới.")
    for config in apps.get_app_configs():
        if not config.name.startswith("danvan.") or config.name == "danvan.core":
            continue
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as error:
            if error.name == f"{config.name}.demo":
                continue
            raise
        with transaction.atomic():
            message = module.load_demo_data()
        if stdout and message:
            stdout.write(message)
