"""python manage.py create_api_token USERNAME --name NAME [--expires YYYY-MM-DD]: prints the token once."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from danvan.accounts.models import User
from danvan.accounts.tokens import api_token_create


class Command(BaseCommand):
    help = "Tạo mã truy cập API cho một người dùng; mã chỉ được in ra một lần."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="tên để nhận ra mã (ví dụ: đồng bộ DHIS2)")
        parser.add_argument("--expires", help="hết hạn sau ngày YYYY-MM-DD (bỏ trống: không hết hạn)")

    def handle(self, *args, username, name, expires=None, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có người dùng “{username}”.")
        if not user.is_active:
            raise CommandError(f"Tài khoản “{username}” đang bị khóa.")
        expires_on = None
        if expires:
            try:
                expires_on = datetime.date.fromisoformat(expires)
            except ValueError:
                raise CommandError("--expires phải có dạng YYYY-MM-DD.") from None
        try:
            token, raw = api_token_create(actor=None, user=user, name=name, expires_on=expires_on)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(raw)
        self.stderr.write(f"Mã “{token.name}” của {user.username} — hãy lưu ngay, mã không hiển thị lại.")
