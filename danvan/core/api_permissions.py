"""DRF's default permission classes for danvan (a module of its own: DRF imports it while loading its
settings, so it must not import DRF's views)."""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, BasePermission

from danvan.accounts.permissions import may_write_anything


class ReadersDoNotWrite(BasePermission):
    """Default DRF permission: a user who only reads may not POST/PUT/PATCH/DELETE anywhere in the API
    (also for token authentication, which the middleware cannot see)."""

    message = "Tài khoản chỉ xem: bạn không có quyền nhập hoặc sửa dữ liệu."

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or not request.user.is_authenticated or may_write_anything(
            request.user)
